"""A person's access request: one action in the admin exports everything held about them as a
ZIP (data.json and summary.html), logged, for editors only (issue 16)."""

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from editorial import services
from editorial.models import AccessExport
from participation.models import Tool
from submissions import emails
from submissions.models import Person, Submission
from submissions.workflow import State, transition
from tests.factories import make_case, make_input, make_submission

EMAIL = "sub@example.no"


def unzip(response) -> tuple[dict, str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/zip")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["data.json", "summary.html"]
        data = json.loads(archive.read("data.json"))
        return data, archive.read("summary.html").decode()


def export_url(person) -> str:
    return f"/admin/submissions/person/{person.pk}/innsyn/"


@pytest.fixture
def sender(call, clock, tasks_in_database, django_capture_on_commit_callbacks):
    """The submitter of two cases (one withdrawn by them), with input and an e-mail queued."""
    first = make_submission(call)
    second = make_case(call, state=State.PITCH_RECEIVED, title="Andre eksempel")
    transition(second, State.WITHDRAWN, comment="Vi trekker den.")
    Submission.objects.filter(pk=second.pk).update(started_year=2019)
    make_input("Kari Nordmann", email=EMAIL.upper())
    make_input("Ola Annen")
    with django_capture_on_commit_callbacks(execute=True):
        emails.send_new_link(first, "hemmelig-token")
    return first.people.get(is_submitter=True)


def test_the_export_holds_everything_about_the_person_and_nothing_of_others(editor_client, sender):
    data, summary = unzip(editor_client.get(export_url(sender)))

    assert data["email"] == EMAIL
    assert len(data["people"]) == 2  # the contact person in both cases
    assert {row["email"] for row in data["people"]} == {EMAIL}
    consents = data["people"][0]["consents"]
    assert {consent["purpose"] for consent in consents} == {"web", "book", "contact"}
    assert all(consent["text_version"] for consent in consents)
    assert data["people"][0]["history"][0]["email"] == EMAIL
    assert sorted(case["title"] for case in data["cases"]) == [
        "Andre eksempel",
        "Kafé som arbeidstrening",
    ]
    assert data["cases"][0]["answers"] is not None
    assert {case["started_year"] for case in data["cases"]} == {None, 2019}
    assert [(c["to_state"], c["comment"]) for c in data["state_changes"]] == [
        ("withdrawn", "Vi trekker den.")
    ]
    assert [row["name"] for row in data["input"]] == ["Kari Nordmann"]
    templates = {row["template"] for row in data["emails"]}
    assert templates  # the pitch's confirmations and the new link
    everything = json.dumps(data) + summary
    assert "municipality@example.no" not in everything  # the other contact person
    assert "Ola Annen" not in everything
    assert "hemmelig-token" not in everything  # a secret link never leaves in an export


def test_the_summary_is_readable_in_the_persons_language(editor_client, sender):
    _data, summary = unzip(editor_client.get(export_url(sender)))
    assert '<html lang="nb">' in summary
    assert "Personopplysningene vi har om deg" in summary
    assert "Kafé som arbeidstrening" in summary


def test_the_summary_escapes_what_people_typed(editor_client, call, clock):
    case = make_submission(call, submitter_name="<script>alert(1)</script>", title="<b>Tittel</b>")
    person = case.people.get(is_submitter=True)
    data, summary = unzip(editor_client.get(export_url(person)))
    assert "<script>alert(1)</script>" not in summary
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary
    assert "<b>Tittel</b>" not in summary
    assert data["cases"][0]["title"] == "<b>Tittel</b>"


def test_each_export_is_logged(editor, editor_client, sender):
    editor_client.get(export_url(sender))
    export = AccessExport.objects.get()
    assert (export.person_id, export.submission, export.exported_by) == (
        sender.pk,
        sender.submission,
        editor,
    )
    assert export.records >= 5


def test_only_editors_may_export(client, sender):
    outsider = get_user_model().objects.create_user("ansatt", is_staff=True)
    outsider.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(outsider)
    response = client.get(export_url(sender))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not AccessExport.objects.exists()


def test_the_action_in_the_list_of_people_exports_one_person(editor_client, sender):
    response = editor_client.post(
        "/admin/submissions/person/", {"action": "export_access", "_selected_action": [sender.pk]}
    )
    data, _summary = unzip(response)
    assert data["email"] == EMAIL

    other = Person.objects.exclude(pk=sender.pk).first()
    response = editor_client.post(
        "/admin/submissions/person/",
        {"action": "export_access", "_selected_action": [sender.pk, other.pk]},
        follow=True,
    )
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert AccessExport.objects.count() == 1


def test_the_case_page_links_to_each_persons_export(editor_client, sender):
    page = editor_client.get(f"/admin/submissions/submission/{sender.submission.pk}/change/")
    assert export_url(sender) in page.content.decode()


def test_an_unknown_person_is_not_found(editor_client, db):
    response = editor_client.get("/admin/submissions/person/999999/innsyn/")
    assert response.status_code == 404
    assert not AccessExport.objects.exists()


def test_an_erased_persons_export_holds_only_their_own_row(editor, editor_client, sender):
    """Every erased person shares one placeholder address: it must not gather them all."""
    other = make_submission(sender.submission.call, submitter_email="annen@example.no")
    Tool.objects.create(title="Verktøy", description="x", link="https://x.example/")  # no e-mail
    for person in (sender, other.people.get(is_submitter=True)):
        services.erase_person(person, by=editor)
    sender.refresh_from_db()
    data, _summary = unzip(editor_client.get(export_url(sender)))
    assert [row["name"] for row in data["people"]] == ["[slettet]"]
    assert (data["cases"], data["input"], data["tools"], data["emails"]) == ([], [], [], [])
