"""The history page shows every change to a case: its own fields, its answers, its people and
its social enterprises, by whom, with values written for people."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext

from common import diff
from submissions.models import Answer, Person
from submissions.workflow import State, transition
from tests.common.test_diff import _words, count_comparisons
from tests.editorial.test_workflow_admin import admin_form_data, change_url, inline_row
from tests.factories import OSLO, make_theme

pytestmark = pytest.mark.django_db


def nb(message: str, **values) -> str:
    """`message` as the admin (always in Bokmål) shows it."""
    with translation.override("nb"):
        text = gettext(message)
    return text % values if values else text


def history(client, submission):
    response = client.get(change_url(submission, "history/"))
    assert response.status_code == 200
    return list(response.context["entries"]), response.content.decode()


def changes(entry) -> dict[str, str]:
    return {str(change.field): str(change.diff) for change in entry.changes}


def test_changes_to_the_people_and_enterprises_are_in_the_history(
    editor_client, editor, submission
):
    data = admin_form_data(editor_client, submission)
    contact = submission.people.get(side=Person.Side.MUNICIPALITY)
    data[f"{inline_row(data, 'people', contact.pk)}-phone"] = "+47 41 00 00 01"
    data["enterprises-0-name"] = "Grønn Start SA"
    assert editor_client.post(change_url(submission), data).status_code == 302

    entries, html = history(editor_client, submission)
    person_subject = nb("Person: %(name)s (%(side)s)", name=contact.name, side="Kommune")
    by_editor = {entry.subject: entry for entry in entries if entry.user == editor}
    assert changes(by_editor[person_subject]) == {
        "Telefon": "+47 <del>22</del><ins>41</ins> <del>24</del><ins>00</ins> "
        "<del>90</del><ins>00</ins> <del>90</del><ins>01</ins>"
    }
    enterprise = by_editor[nb("Social enterprise: %(name)s", name="Grønn Start SA")]
    assert changes(enterprise) == {
        "Navnet på den sosiale virksomheten": "Grønn Start <del>AS</del><ins>SA</ins>"
    }
    assert "Grønn Start <del>AS</del><ins>SA</ins>" in html
    # The person as the pitch added them, without an editor, comes first in time.
    [added] = [e for e in entries if e.user is None and e.subject == person_subject]
    assert changes(added) == {
        "Part": "Kommune",
        "Navn": "Municipality Kontakt",
        "Rolle": "Rådgiver",
        "E-post": "municipality@example.no",
        "Telefon": "+47 22 24 90 90",
        "Deltakelse": "Ikke svart ennå",
        "Språk": "Norsk bokmål",
    }
    assert entries.index(added) > entries.index(by_editor[person_subject])


def test_values_are_written_for_people_not_as_stored(editor_client, editor, submission):
    theme = make_theme(slug="arbeid", name="Arbeid")
    transition(submission, State.IN_REVIEW, by=editor)
    data = admin_form_data(editor_client, submission)
    data.update(
        {
            "main_theme": str(theme.pk),
            "assigned_editor": str(editor.pk),
            "writeup_extended_until_0": "30.09.2026",
            "writeup_extended_until_1": "12:00",
        }
    )
    assert editor_client.post(change_url(submission), data).status_code == 302
    submission.refresh_from_db()
    assert submission.writeup_extended_until == dt.datetime(2026, 9, 30, 12, 0, tzinfo=OSLO)

    entries, html = history(editor_client, submission)
    [edit, move] = [e for e in entries if e.user == editor]
    none = nb("none")
    assert changes(edit) == {
        "Hovedtema": f"{none} → Arbeid",
        "Ansvarlig i redaksjonen": f"{none} → redaktor",
        "Frist for fullstendig tekst forlenget til": f"{none} → 30.09.2026 12:00",
    }
    with translation.override("nb"):
        states = (str(State.PITCH_RECEIVED.label), str(State.IN_REVIEW.label))
    assert move.reason == nb("State: %(source)s → %(target)s", source=states[0], target=states[1])
    assert changes(move) == {"Status": f"{states[0]} → {states[1]}"}
    for raw in ("None", "pk=", "+00:00", "pitch_received", "<del></del>"):
        assert raw not in html, raw


def test_changes_without_an_editor_are_the_systems(editor_client, submission):
    entries, html = history(editor_client, submission)
    assert {entry.user for entry in entries} == {None}
    assert f"<td>{nb('system')}*</td>" in html
    assert f"<td>{nb('the submitter')}</td>" not in html


def test_history_pages_answer_404_to_an_address_whose_id_is_not_one(admin_client):
    """django-simple-history queried with the raw id, so `.../1/change/history/` was a 500."""
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    history_admins = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert len(history_admins) >= 6
    for model_admin in history_admins:
        meta = model_admin.model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}"
        for path in ("1/change/history/", "abc/history/", "1/history/abc/"):
            response = admin_client.get(f"{base}/{path}")
            assert response.status_code == 404, (base, path, response.status_code)


def test_the_history_of_long_rewritten_answers_is_diffed_within_one_budget(
    editor_client, submission, monkeypatch
):
    """Each save of an answer rewritten from scratch (20,000 characters) would cost
    SequenceMatcher seconds; the page compares within common.diff's page budget."""
    question = submission.call.questions.first()
    answer = Answer.objects.create(submission=submission, question=question, text="først")
    for seed in range(6):
        answer.text = _words(3_000, seed=seed)[:20_000]
        answer.save()
    compared = count_comparisons(monkeypatch)
    entries, html = history(editor_client, submission)
    assert sum(compared) <= diff.PAGE_COST
    shown = [e for e in entries if e.subject.startswith(nb("Answer: %(question)s", question=""))]
    assert len(shown) == 7
    # The newest text is on the page in full, as inserted.
    assert f"<ins>{answer.text}</ins>" in html


def test_the_editors_set_the_year_started_in_the_admin_and_the_history_shows_it(
    editor_client, editor, submission
):
    data = admin_form_data(editor_client, submission)
    assert "started_year" not in data  # not set: the browser posts it empty
    refused = editor_client.post(change_url(submission), {**data, "started_year": "1850"})
    assert refused.status_code == 200
    assert "fra 1900 til" in refused.content.decode()
    assert (
        editor_client.post(change_url(submission), {**data, "started_year": "2019"}).status_code
        == 302
    )
    submission.refresh_from_db()
    assert submission.started_year == 2019

    entries, html = history(editor_client, submission)
    [edit] = [e for e in entries if e.user == editor]
    assert changes(edit) == {"Året samarbeidet startet": f"{nb('none')} → 2019"}
    assert "Året samarbeidet startet" in html
