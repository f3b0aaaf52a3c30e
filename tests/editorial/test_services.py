import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from editorial import services
from editorial.models import Erasure
from editorial.roles import is_editor
from submissions import services as submission_services
from submissions.models import Person, Submission

pytestmark = pytest.mark.django_db


def test_erasing_a_contact_removes_their_data_everywhere_and_logs_it(submission, editor):
    person = submission.people.get(side=Person.Side.MUNICIPALITY)
    person.phone = "+47 99 99 99 99"
    person.save()
    erasure = services.erase_person(person, by=editor, reason="request")
    person.refresh_from_db()
    assert (person.name, person.email, person.phone) == ("[slettet]", "slettet@invalid", "")
    assert not any(person.may_show_contact(p) for p in ("web", "book", "contact"))
    history = Person.history.filter(id=person.pk)
    assert history.count() >= 2
    assert set(history.values_list("email", flat=True)) == {"slettet@invalid"}
    assert set(history.values_list("phone", flat=True)) == {""}
    assert (erasure.person_id, erasure.erased_by, erasure.reason) == (person.pk, editor, "request")
    assert erasure.history_rows == history.count()


def test_erasing_the_submitter_also_cleans_the_case_and_its_history(submission, editor):
    person = submission.people.get(is_submitter=True)
    services.erase_person(person, by=editor)
    submission.refresh_from_db()
    assert submission.submitter_email == "slettet@invalid"
    emails = set(
        Submission.history.filter(id=submission.pk).values_list("submitter_email", flat=True)
    )
    assert emails == {"slettet@invalid"}
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


def test_csv_export_opens_in_excel_with_every_answer_and_no_formulas(submission):
    question = submission.call.questions.first()
    submission_services.save_writeup(
        submission, answers={question.pk: '=HYPERLINK("x")'}, fields={}, submit=False
    )
    data = services.export_csv(Submission.objects.all(), delimiter=";")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1
    assert rows[0]["title"] == "Kafé som arbeidstrening"
    assert rows[0]["municipalities"] == "0301 Oslo"
    assert rows[0][question.text] == '\'=HYPERLINK("x")'


def test_json_export_has_all_fields(editor_client, submission):
    response = editor_client.post(
        "/admin/submissions/submission/",
        {"action": "export_json", "_selected_action": [submission.pk]},
    )
    rows = json.loads(response.content)
    assert rows[0]["id"] == str(submission.public_id)
    assert rows[0]["enterprises"] == "Grønn Start AS"
    assert response["Content-Disposition"] == 'attachment; filename="kokebok.json"'


def test_create_editor_makes_a_staff_account_in_the_group(capsys, db):
    call_command("create_editor", "Ny.Redaktor@kmd.example", "--group", "In Good Company")
    user = get_user_model().objects.get(username="ny.redaktor@kmd.example")
    assert user.is_staff
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["In Good Company"]
    assert is_editor(user)
    assert "Temporary password" in capsys.readouterr().out
