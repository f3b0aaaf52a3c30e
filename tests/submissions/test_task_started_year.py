"""The year the collaboration started: asked on the "about" page, optional, from 1900 to next
year, shown on check your answers and kept in the case's history."""

import pytest
from django.utils import timezone, translation

from submissions.models import Submission
from submissions.task_forms import AboutForm
from tests.submissions.test_autosave import AUTOSAVE
from tests.submissions.test_tasks import about_post, opened, url  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def about_form(submission, year, draft=False):
    return AboutForm(about_post(submission, started_year=year), instance=submission, draft=draft)


def test_the_form_accepts_a_year_and_leaving_it_out(submission):
    form = about_form(submission, "2019")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["started_year"] == 2019
    form = about_form(submission, "")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["started_year"] is None


@pytest.mark.parametrize("years_ahead", [None, 2])
def test_the_form_refuses_a_year_out_of_range_with_the_fields_message_in_bokmal(
    submission, years_ahead
):
    next_year = timezone.localdate().year + 1
    year = "1850" if years_ahead is None else str(timezone.localdate().year + years_ahead)
    with translation.override("nb"):
        form = about_form(submission, year)
        assert not form.is_valid()
        assert form.errors["started_year"] == [
            f"Skriv året samarbeidet startet, fra 1900 til {next_year}."
        ]


def test_the_form_says_how_to_write_a_year_that_is_no_number(submission):
    with translation.override("nb"):
        form = about_form(submission, "<b>nittenåtti</b>")
        assert not form.is_valid()
        assert form.errors["started_year"] == ["Skriv året med fire sifre, for eksempel 2019."]


def test_the_about_page_asks_for_it_optionally_with_help(opened, submission):  # noqa: F811
    html = opened.get(url(submission, "pitch/")).content.decode()
    assert 'name="started_year"' in html
    assert 'type="number"' in html
    assert "For eksempel 2019" in html


def test_the_about_page_saves_it_and_check_your_answers_shows_it(opened, submission):  # noqa: F811
    response = opened.post(url(submission, "pitch/"), about_post(submission, started_year="2019"))
    assert response.status_code == 302
    assert Submission.objects.get(pk=submission.pk).started_year == 2019
    html = opened.get(url(submission, "se-over/")).content.decode()
    assert "<dt>Året samarbeidet startet</dt><dd>2019</dd>" in html
    assert "#id_started_year" in html


def test_the_about_page_keeps_a_wrong_year_and_says_why(opened, submission):  # noqa: F811
    response = opened.post(url(submission, "pitch/"), about_post(submission, started_year="1850"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skriv året samarbeidet startet, fra 1900 til" in html
    assert 'value="1850"' in html
    assert Submission.objects.get(pk=submission.pk).started_year is None


def test_autosave_keeps_the_year_and_leaves_out_a_wrong_one(opened, submission):  # noqa: F811
    data = about_post(submission, started_year="2018")
    response = opened.post(url(submission, "pitch/"), data, **AUTOSAVE)
    assert response.json()["saved"] is True
    submission.refresh_from_db()
    assert submission.started_year == 2018
    data = about_post(submission, started_year="1850", summary="Skriver videre.")
    response = opened.post(url(submission, "pitch/"), data, **AUTOSAVE)
    assert "started_year" in response.json()["not_saved"]
    submission.refresh_from_db()
    assert submission.summary == "Skriver videre."
    assert submission.started_year == 2018


def test_the_history_records_the_change_of_year(opened, submission):  # noqa: F811
    opened.post(url(submission, "pitch/"), about_post(submission, started_year="2017"))
    latest, before = submission.history.all()[:2]
    assert (latest.started_year, before.started_year) == (2017, None)
    changed = [change.field for change in latest.diff_against(before).changes]
    assert "started_year" in changed
