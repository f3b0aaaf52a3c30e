"""The editors' CSV export (editorial/exports.py): Excel opens it (byte order mark, semicolon by
default, comma on request), its headers are in the editor's language, states in words, times in
Oslo to the second, municipalities with county, enterprises with organisation number, contact
persons with their consents, themes and tags; spreadsheet formulas are neutralised."""

import csv
import datetime as dt
import io
import json

import pytest
from django.utils import translation

from editorial import exports
from submissions import services as submission_services
from submissions.models import Submission
from submissions.workflow import State
from tests.factories import NO_BOOK_CONSENT, make_call, make_case, make_theme

pytestmark = pytest.mark.django_db


def parse(data: bytes, delimiter=";") -> list[dict]:
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


@pytest.fixture
def case():
    theme = make_theme(slug="arbeid", name="Arbeid")
    case = make_case(
        make_call(),
        state=State.IN_REVIEW,
        main_theme=theme,
        themes=[make_theme(slug="unge", name="Unge")],
        consents=NO_BOOK_CONSENT,
        municipalities=("0301", "1103"),
    )
    case.tags.add("kafé", "arbeidstrening")
    # 12:34:56.789 UTC in September is 14:34:56 in Oslo (summer time).
    moment = dt.datetime(2026, 9, 2, 12, 34, 56, 789_000, tzinfo=dt.UTC)
    Submission.objects.filter(pk=case.pk).update(pitch_submitted_at=moment)
    return case


def test_the_csv_reads_as_an_editor_reads_the_case_in_bokmal(case):
    with translation.override("nb"):
        [row] = parse(exports.export_csv(Submission.objects.all()))
    assert row["tittel"] == "Kafé som arbeidstrening"
    assert row["status"] == "Til vurdering"
    assert row["pitch sendt"] == "2026-09-02 14:34:56"
    assert row["kommuner"] == "0301 Oslo (Oslo), 1103 Stavanger (Rogaland)"
    assert row["fylker"] == "Oslo, Rogaland"
    assert row["sosiale virksomheter"] == "Grønn Start AS (org.nr. 974 760 673)"
    assert row["hovedtema"] == "Arbeid"
    assert row["andre temaer"] == "Unge"
    assert row["stikkord"] == "arbeidstrening, kafé"
    submitter, municipality = row["kontaktpersoner og samtykkene deres"].split("\n")
    assert submitter.startswith("Kari Nordmann (Sosial entreprenør, Rådgiver, sub@example.no")
    assert submitter.endswith("Publisert på nett: ja, I boka: nei, Redaksjonen kan ta kontakt: ja")
    assert municipality.startswith("Municipality Kontakt (Kommune")
    assert municipality.endswith(
        "Publisert på nett: ikke svart, I boka: ikke svart, Redaksjonen kan ta kontakt: ikke svart"
    )


def test_the_headers_follow_the_editors_language(case):
    for language, title, state in (("nn", "tittel", "Til vurdering"), ("en", "title", "In review")):
        with translation.override(language):
            [row] = parse(exports.export_csv(Submission.objects.all()))
        assert row[title] == "Kafé som arbeidstrening", language
        assert row["status" if language == "nn" else "state"] == state, language


def test_semicolon_by_default_and_comma_on_request(case):
    semicolon = exports.export_csv(Submission.objects.all())
    comma = exports.export_csv(Submission.objects.all(), delimiter=",")
    assert parse(semicolon)[0] == parse(comma, delimiter=",")[0]
    assert semicolon.decode("utf-8-sig").splitlines()[0].count(";") > 10
    with pytest.raises(ValueError, match="delimiter"):
        exports.export_csv(Submission.objects.all(), delimiter="\t")


def test_every_answer_is_a_column_and_formulas_are_neutralised(submission):
    questions = list(submission.call.questions.all())
    answers = {q.pk: f"Svar {i}" for i, q in enumerate(questions)}
    answers[questions[0].pk] = '=HYPERLINK("x")'
    submission_services.save_writeup(submission, answers=answers, fields={}, submit=False)
    [row] = parse(exports.export_csv(Submission.objects.all()))
    assert row[questions[0].text] == '\'=HYPERLINK("x")'
    assert [row[q.text] for q in questions[1:]] == [f"Svar {i}" for i in range(1, len(questions))]


def test_the_admin_action_downloads_the_csv_in_the_editors_language(editor_client, case):
    response = editor_client.post(
        "/admin/submissions/submission/",
        {"action": "export_csv_semicolon", "_selected_action": [case.pk]},
        HTTP_ACCEPT_LANGUAGE="nn",
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [row] = parse(response.content)
    assert row["kommunar"].startswith("0301 Oslo (Oslo)")


def test_the_year_started_is_a_column_and_a_field_when_given(case):
    other = make_case(make_call(slug="annen"), title="Uten år")
    Submission.objects.filter(pk=case.pk).update(started_year=2019)
    with translation.override("nb"):
        rows = parse(exports.export_csv(Submission.objects.order_by("pk")))
    header = "året samarbeidet startet"
    assert [(row["tittel"], row[header]) for row in rows] == [
        ("Kafé som arbeidstrening", "2019"),
        ("Uten år", ""),
    ]
    # Beside the form of collaboration, as on the submitter's "about" page.
    headers = list(rows[0])
    assert headers.index(header) == headers.index("samarbeidsform") + 1
    records = json.loads(exports.export_json(Submission.objects.order_by("pk")))
    assert [record["started_year"] for record in records] == [2019, None]
    assert other.started_year is None
