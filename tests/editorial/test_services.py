import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from editorial import services
from editorial.roles import is_editor
from submissions import emails, links
from submissions import services as submission_services
from submissions.models import Erasure, Person, Submission
from tests.editorial.test_workflow_admin import admin_form_data, change_url, inline_row
from tests.factories import make_submission

pytestmark = pytest.mark.django_db


CONTACT = {"name": "Municipality Kontakt", "email": "municipality@example.no"}
CONTACT_PHONE = "+47 99 99 99 99"


def admin_change_of_the_contact(editor_client, submission, person):
    """An editor changes the contact's phone on the case's page and their role on their own
    page: the admin's log then names them in both places."""
    data = admin_form_data(editor_client, submission)
    data[f"{inline_row(data, 'people', person.pk)}-phone"] = CONTACT_PHONE
    assert editor_client.post(change_url(submission), data).status_code == 302
    person_page = {
        "side": person.side,
        "name": person.name,
        "role": "Leder",
        "email": person.email,
        "phone": CONTACT_PHONE,
    }
    url = f"/admin/submissions/person/{person.pk}/change/"
    assert editor_client.post(url, person_page).status_code == 302


def everything_logged_and_queued() -> str:
    """The admin's log and the task table, as one text to search."""
    log = [
        f"{entry.object_repr} {json.loads(entry.change_message or '[]')}"
        for entry in LogEntry.objects.all()
    ]
    tasks = [
        json.dumps(task.args_kwargs, ensure_ascii=False) for task in DBTaskResult.objects.all()
    ]
    return "\n".join(log + tasks)


def test_erasing_a_contact_removes_their_data_everywhere_and_logs_it(
    editor_client,
    editor,
    call,
    clock,
    tasks_in_database,
    worker,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = make_submission(call)  # invites the contact by e-mail
    worker()  # sends it: a finished task with their address
    person = submission.people.get(email=CONTACT["email"])
    admin_change_of_the_contact(editor_client, submission, person)
    with django_capture_on_commit_callbacks(execute=True):
        # Still queued: one to them, and one to the submitter that names them.
        emails.send_consent_invitation(person, "token")
        emails.send_changes_requested(submission, "token", "Ring Municipality Kontakt i dag.")
    before = everything_logged_and_queued()
    assert [value for value in CONTACT.values() if value not in before] == []

    erasure = services.erase_person(person, by=editor, reason="request")

    person.refresh_from_db()
    assert (person.name, person.email, person.phone) == ("[slettet]", "slettet@invalid", "")
    assert not any(person.may_show_contact(p) for p in ("web", "book", "contact"))
    history = Person.history.filter(id=person.pk)
    assert history.count() >= 2
    assert set(history.values_list("name", flat=True)) == {"[slettet]"}
    assert set(history.values_list("email", flat=True)) == {"slettet@invalid"}
    assert set(history.values_list("phone", flat=True)) == {""}
    after = everything_logged_and_queued()
    assert [value for value in (*CONTACT.values(), CONTACT_PHONE) if value in after] == []
    # The log keeps its entries, and the submitter still gets the editors' message.
    assert LogEntry.objects.count() == 2
    assert LogEntry.objects.get(content_type__model="person").object_repr == "[slettet]"
    assert "Ring [slettet] i dag." in after
    recipients = sorted(task.args_kwargs["args"][1] for task in DBTaskResult.objects.all())
    assert recipients == ["sub@example.no", "sub@example.no"]  # the confirmation, the message
    assert (erasure.person_id, erasure.erased_by, erasure.reason) == (person.pk, editor, "request")
    assert erasure.history_rows == history.count()


def test_erasing_the_submitter_also_cleans_the_case_and_its_history(
    client, submission, editor, tasks_in_database, django_capture_on_commit_callbacks
):
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")  # their browser is in
    overview = f"/send-inn/bidrag/{submission.public_id}/"
    assert client.get(overview).status_code == 200
    raw = links.issue_token(submission)
    with django_capture_on_commit_callbacks(execute=True):
        emails.send_new_link(submission, raw)
    person = submission.people.get(is_submitter=True)

    services.erase_person(person, by=editor)

    submission.refresh_from_db()
    assert (submission.submitter_name, submission.submitter_email) == (
        "[slettet]",
        "slettet@invalid",
    )
    history = Submission.history.filter(id=submission.pk)
    assert set(history.values_list("submitter_email", flat=True)) == {"slettet@invalid"}
    assert set(history.values_list("submitter_name", flat=True)) == {"[slettet]"}
    # Neither an e-mailed link nor the browser that opened one gets in any more.
    assert links.valid_token(raw) is None
    assert client.get(overview).status_code == 404
    assert DBTaskResult.objects.count() == 0  # the queued link to them is gone
    assert Erasure.objects.count() == 1


def test_erasure_through_the_admin_action(editor_client, submission):
    person = submission.people.get(side=Person.Side.MUNICIPALITY)
    response = editor_client.post(
        "/admin/submissions/person/", {"action": "erase", "_selected_action": [person.pk]}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "[slettet]"


def test_restoring_an_earlier_version_brings_back_title_and_answers(submission, editor, clock):
    question = submission.call.questions.first()
    submission_services.save_writeup(
        submission, answers={question.pk: "Første svar"}, fields={}, submit=False
    )
    original = submission.history.first()
    clock.shift(60)
    submission_services.save_writeup(
        submission, answers={question.pk: "Redigert svar"}, fields={}, submit=False
    )
    submission.title = "Ny tittel"
    submission.save()
    services.restore_version(submission, original.history_id, by=editor)
    submission.refresh_from_db()
    assert submission.title == "Kafé som arbeidstrening"
    assert submission.answers.get(question=question).text == "Første svar"
    assert submission.history.first().history_user == editor


def test_restore_from_the_history_page(editor_client, submission):
    first = submission.history.last()
    submission.title = "Endret"
    submission.save()
    page = editor_client.get(f"/admin/submissions/submission/{submission.pk}/history/")
    assert "<del>Kafé som arbeidstrening</del><ins>Endret</ins>" in page.content.decode()
    url = f"/admin/submissions/submission/{submission.pk}/restore/{first.history_id}/"
    assert editor_client.post(url).status_code == 302
    submission.refresh_from_db()
    assert submission.title == "Kafé som arbeidstrening"


def test_json_export_has_all_fields(editor_client, editor, submission):
    question = submission.call.questions.first()
    submission_services.save_writeup(
        submission, answers={question.pk: "Et svar"}, fields={}, submit=False
    )
    submission.tags.add("kafé")
    submission.assigned_editor = editor
    submission.photo_alt = "Kafeen"
    submission.save()
    response = editor_client.post(
        "/admin/submissions/submission/",
        {"action": "export_json", "_selected_action": [submission.pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="kokebok.json"'
    [case] = json.loads(response.content)
    assert set(case) == {
        "id",
        "call",
        "state",
        "language",
        "slug",
        "title",
        "summary",
        "collaboration_form",
        "collaboration_form_other",
        "started_year",
        "municipalities",
        "enterprises",
        "people",
        "main_theme",
        "themes",
        "tags",
        "assigned_editor",
        "submitter_name",
        "submitter_email",
        "pitch_submitted_at",
        "writeup_submitted_at",
        "writeup_extended_until",
        "published_at",
        "link",
        "photo",
        "photo_alt",
        "has_attachment",
        "answers",
    }
    assert case["id"] == str(submission.public_id)
    assert (case["language"], case["tags"], case["assigned_editor"]) == ("nb", ["kafé"], "redaktor")
    assert (case["photo_alt"], case["has_attachment"]) == ("Kafeen", False)
    assert case["municipalities"] == [{"number": "0301", "name": "Oslo", "county": "Oslo"}]
    assert case["enterprises"] == [
        {"name": "Grønn Start AS", "org_number": "974760673", "website": ""}
    ]
    people = {person["side"]: person for person in case["people"]}
    assert set(people) == {"municipality", "enterprise"}
    submitter = people["enterprise"]
    assert set(submitter) == {
        "side",
        "name",
        "role",
        "email",
        "phone",
        "language",
        "is_submitter",
        "participation",
        "consents",
        "consent_history",
    }
    assert (submitter["is_submitter"], submitter["participation"]) == (True, "confirmed")
    assert submitter["consents"] == {"web": True, "book": True, "contact": True}
    assert {frozenset(record) for record in submitter["consent_history"]} == {
        frozenset({"purpose", "granted", "text_version", "source", "recorded_at"})
    }
    assert (people["municipality"]["participation"], people["municipality"]["consents"]) == (
        "pending",
        {},
    )
    assert case["answers"] == [{"question": question.text, "text": "Et svar"}]


def test_create_editor_makes_a_staff_account_in_the_group(capsys, db):
    call_command("create_editor", "Ny.Redaktor@kmd.example", "--group", "Partnerredaksjonen")
    user = get_user_model().objects.get(username="ny.redaktor@kmd.example")
    assert user.is_staff
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Partnerredaksjonen"]
    assert is_editor(user)
    assert "Temporary password" in capsys.readouterr().out
