"""Issue 18, "cost before validation": no request makes the server do much more work, or send
back much more data, than an ordinary one."""

from urllib.parse import urlencode

import pytest
from django import forms as django_forms
from django.conf import settings
from django.db import connection
from django.forms.formsets import ManagementForm
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from common import diff
from common.forms import VALUE_MAX
from submissions import links
from submissions.change_requests import text_changes
from submissions.models import ANSWER_MAX_CHARS, Municipality, Submission
from submissions.pitch_forms import ShortPitchForm
from tests.common.test_diff import _words, count_comparisons
from tests.common.test_public_forms import TOOL
from tests.factories import pitch_post_data
from tests.submissions.test_tasks import about_post, contacts_post, url
from tests.submissions.test_writeup import AGREED

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(client, submission):
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    return client


@pytest.fixture
def compared(monkeypatch):
    return count_comparisons(monkeypatch)


def test_the_copy_edits_of_every_long_answer_are_diffed_within_one_page_budget(
    submission, compared
):
    """The approval page and the editors' request show every changed text: rewritten answers of
    20,000 characters each are compared within the page's budget, the rest shown replaced."""
    keys = [str(question.pk) for question in submission.call.questions.all()]
    original = {"answers": {key: _words(3_000, seed=n)[:20_000] for n, key in enumerate(keys)}}
    edited = {"answers": {key: _words(3_000, seed=n + 50)[:20_000] for n, key in enumerate(keys)}}
    changes = text_changes(submission, original, edited)
    assert len(changes) == len(keys) >= 6
    assert sum(compared) <= diff.PAGE_COST
    for change in changes:
        assert f"<ins>{change.new}</ins>" in change.diff


# --- Formsets and multi-value fields are bounded before anything is looked up ---


def test_a_post_claiming_100000_social_enterprises_is_refused_with_at_most_five_built(
    opened, submission
):
    data = about_post(submission, **{"enterprises-TOTAL_FORMS": "100000"})
    response = opened.post(url(submission, "pitch/", "/en"), data)
    assert response.status_code == 200
    assert "Name at most 5 social enterprises." in response.content.decode()
    assert len(response.context["enterprises"].forms) <= 5
    assert submission.enterprises.count() == 1


def every_municipality() -> list[str]:
    return [str(pk) for pk in Municipality.objects.values_list("pk", flat=True)]


def test_a_pitch_naming_every_municipality_is_refused_before_they_are_looked_up(
    client, call, clock
):
    chosen = every_municipality()
    data = pitch_post_data(municipalities=chosen)
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/en/send-inn/", data)
    assert response.status_code == 200
    assert f"Choose at most 50 municipalities (you chose {len(chosen)})." in (
        response.content.decode()
    )
    assert not [q for q in queries if q["sql"].count("%s") + q["sql"].count("?") >= 50]
    assert Submission.objects.count() == 0


def test_the_about_page_bounds_the_municipalities_too(opened, submission):
    data = about_post(submission, municipalities=every_municipality()[:51])
    response = opened.post(url(submission, "pitch/", "/en"), data)
    assert "Choose at most 50 municipalities (you chose 51)." in response.content.decode()


def test_a_tool_suggested_for_500_themes_is_refused_with_the_count(client, db):
    data = {**TOOL, "themes": [f"tema-{n}" for n in range(500)]}
    response = client.post("/en/verktoy/foresla/", data)
    assert response.status_code == 200
    assert "Choose at most 30 themes (you chose 500)." in response.content.decode()


# --- A page that shows a form again echoes a bounded amount ---

# Escaped, each of these characters takes 5 or 6 bytes on the page.
HEAVY = "\"<'&"


def heavy(length: int) -> str:
    return (HEAVY * (length // len(HEAVY) + 1))[:length]


def test_the_pitch_pages_worst_response_is_under_300_kilobytes(client, call, clock):
    """Every field posted far beyond its limit, in the characters that grow most when
    escaped, every municipality chosen: the page comes back with the errors, under 300 kB."""
    fields = ShortPitchForm.base_fields
    data = {name: heavy(100_000) for name in fields if name != "homepage"}
    data |= {"municipalities": every_municipality(), "accept": "", "homepage": ""}
    response = client.post("/en/send-inn/", data)
    assert response.status_code == 200
    assert response.context["group"].error_summary()
    assert len(response.content) < 300_000
    # What was typed is still there (to its limit and a little more), escaped.
    assert escape(heavy(200)) in response.content.decode()
    assert "Shorten the title to at most 200 characters." in response.content.decode()


def test_a_huge_hidden_version_is_not_echoed(opened, submission):
    response = opened.post(
        url(submission, "kontaktpersoner/", "/en"),
        contacts_post(submission, version="9" * 1_000_000),
    )
    assert response.status_code in (200, 409)
    assert "9" * (VALUE_MAX + 1) not in response.content.decode()
    assert len(response.content) < 300_000


# --- Bodies too large to read: a page that says so, in the page's language, as 413 ---


def test_a_form_body_over_the_limit_gets_the_413_page_in_the_pages_language(client, call, clock):
    data = pitch_post_data(summary="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    response = client.post("/nn/send-inn/", data)
    assert response.status_code == 413
    html = response.content.decode()
    assert "Det du sende, var for stort" in html
    assert '<html lang="nn"' in html
    assert Submission.objects.count() == 0


def test_a_post_with_more_fields_than_any_page_sends_gets_the_413_page(client, call, clock):
    data = {**pitch_post_data(), **{f"x{n}": "1" for n in range(1001)}}
    response = client.post("/en/send-inn/", data)
    assert response.status_code == 413
    assert "What you sent was too large" in response.content.decode()


def test_a_request_declaring_a_huge_body_is_refused_before_it_is_read(client, db):
    huge = settings.REQUEST_MAX_BYTES + 1
    response = client.generic(
        "POST",
        "/en/innspill/",
        b"text=hei",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(huge),
    )
    assert response.status_code == 413
    assert "What you sent was too large" in response.content.decode()
    assert f"at most {settings.REQUEST_MAX_BYTES // (1024 * 1024)} MB" in (
        response.content.decode()
    )


def test_the_request_limit_leaves_room_for_both_files_at_their_caps():
    assert settings.REQUEST_MAX_BYTES >= (
        settings.PHOTO_MAX_BYTES + settings.ATTACHMENT_MAX_BYTES + 64 * 1024
    )


def test_the_largest_writeup_fits_the_form_body_limit(submission):
    """Six answers at their limit, every character an emoji (12 bytes URL-encoded): the
    largest text a person can legitimately send still fits."""
    answers = {f"answer_{q.pk}": "😀" * ANSWER_MAX_CHARS for q in submission.call.questions.all()}
    assert len(answers) >= 6
    body = urlencode({**answers, "version": "1", "csrfmiddlewaretoken": "x" * 64})
    assert len(body) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_sending_the_text_counts_as_a_form_post_before_it_is_checked(opened, submission, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "form_post": 0}
    response = opened.post(url(submission, "se-over/", "/en"), {**AGREED, "version": "1"})
    assert response.status_code == 429
    assert "Too many forms have been sent from your network" in response.content.decode()
    submission.refresh_from_db()
    assert submission.writeup_submitted_at is None


def test_over_the_form_post_limit_a_page_with_a_formset_comes_back_unvalidated(
    opened, submission, settings, monkeypatch
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "form_post": 0}
    real = django_forms.BaseForm.full_clean

    def no_cleaning(self):
        if isinstance(self, ManagementForm):  # four numbers: how many forms to show again
            return real(self)
        raise AssertionError(f"{type(self).__name__} was validated")

    monkeypatch.setattr(django_forms.BaseForm, "full_clean", no_cleaning)
    monkeypatch.setattr(django_forms.BaseFormSet, "full_clean", no_cleaning)
    data = about_post(submission, **{"enterprises-1-name": "Ny Bedrift AS", "title": "Ny tittel"})
    response = opened.post(url(submission, "pitch/", "/en"), data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many forms have been sent from your network" in html
    assert 'value="Ny Bedrift AS"' in html
    assert 'value="Ny tittel"' in html
    submission.refresh_from_db()
    assert submission.title != "Ny tittel"


def test_the_copy_edits_are_diffed_only_when_a_page_shows_them(submission, compared):
    """Every task page asks which parts the editors point at (`requested_parts`): that must
    not diff the texts, an autosave every few seconds would pay for it."""
    key = str(submission.call.questions.first().pk)
    changes = text_changes(
        submission,
        {"answers": {key: "Kommunen hjalp mye"}},
        {"answers": {key: "Kommunen hjalp litt"}},
    )
    assert compared == []
    assert "<del>" in changes[0].diff
    assert compared != []
