"""Autosave: a task page posted in the background (X-Autosave: 1) saves what is valid as a
draft, never submits or sends e-mail, keeps the conflict check and answers JSON."""

import datetime as dt

import pytest
from django import forms as django_forms
from django.core import mail

from submissions import links
from submissions.models import Answer, Submission
from submissions.workflow import State
from tests.factories import WRITEUP_DEADLINE

pytestmark = pytest.mark.django_db

AUTOSAVE = {"HTTP_X_AUTOSAVE": "1"}


@pytest.fixture
def opened(client, submission):
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    return client


def url(submission, page, language=""):
    return f"{language}/send-inn/bidrag/{submission.public_id}/{page}"


def version(submission) -> str:
    return str(Submission.objects.get(pk=submission.pk).version)


def test_autosave_saves_a_draft_answer_and_returns_the_new_version_and_oslo_time(
    opened, submission, django_capture_on_commit_callbacks
):
    first = submission.call.questions.first()
    before = int(version(submission))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = opened.post(
            url(submission, "tekst/"),
            {f"answer_{first.pk}": "Halvveis skrevet", "version": str(before)},
            **AUTOSAVE,
        )
    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is True
    assert answer["version"] == before + 1
    # The clock stands at 12:00 in Oslo (10:00 UTC): the status says Oslo time.
    assert answer["message"] == "Lagret 12:00"
    assert Answer.objects.get(submission=submission, question=first).text == "Halvveis skrevet"
    submission.refresh_from_db()
    assert submission.state == State.PITCH_RECEIVED
    assert submission.writeup_submitted_at is None
    assert mail.outbox == []


def test_autosave_status_follows_the_page_language(opened, submission):
    response = opened.post(
        url(submission, "tekst/", "/nn"), {"version": version(submission)}, **AUTOSAVE
    )
    assert response.json()["message"] == "Lagra 12:00"


def test_autosave_never_fails_on_an_empty_required_field_and_keeps_the_valid_ones(
    opened, submission
):
    data = {
        "title": "",
        "summary": "Ny tekst mens jeg skriver",
        "collaboration_form": "",
        "link": "ikke en adresse",
        "municipalities": [str(submission.municipalities.get().pk)],
        "version": version(submission),
        "enterprises-TOTAL_FORMS": "0",
        "enterprises-INITIAL_FORMS": "0",
    }
    response = opened.post(url(submission, "pitch/"), data, **AUTOSAVE)
    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is True
    assert answer["not_saved"] == ["collaboration_form", "link", "title", "enterprises"]
    submission.refresh_from_db()
    assert submission.summary == "Ny tekst mens jeg skriver"
    assert submission.title == "Kafé som arbeidstrening"  # never saved empty
    assert submission.collaboration_form == "pilot"
    assert submission.link == ""
    assert submission.enterprises.count() == 1  # an invalid part is left as it was
    assert submission.municipalities.count() == 1


def test_autosave_keeps_a_draft_over_the_word_limit_so_nothing_typed_is_lost(opened, submission):
    submission.call.writeup_max_words = 3
    submission.call.save()
    first = submission.call.questions.first()
    data = {f"answer_{first.pk}": "ett to tre fire fem", "version": version(submission)}
    assert opened.post(url(submission, "tekst/"), data, **AUTOSAVE).json()["saved"] is True
    assert Answer.objects.get(submission=submission, question=first).text == "ett to tre fire fem"
    # "Save and continue" still refuses it.
    data["version"] = version(submission)
    assert opened.post(url(submission, "tekst/"), data).status_code == 200


def test_autosave_from_an_old_version_is_refused_with_the_current_version(opened, submission):
    first = submission.call.questions.first()
    stale = version(submission)
    opened.post(url(submission, "tekst/"), {"version": stale}, **AUTOSAVE)
    response = opened.post(
        url(submission, "tekst/"), {f"answer_{first.pk}": "Mitt", "version": stale}, **AUTOSAVE
    )
    assert response.status_code == 409
    assert response.json()["saved"] is False
    assert response.json()["version"] == int(stale) + 1
    assert not Answer.objects.filter(submission=submission).exists()


def test_autosave_after_the_deadline_saves_nothing_and_says_so(client, submission, clock):
    first = submission.call.questions.first()
    clock.move_to(WRITEUP_DEADLINE + dt.timedelta(minutes=1))
    opened = client
    opened.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    response = opened.post(
        url(submission, "tekst/", "/en"),
        {f"answer_{first.pk}": "For sent", "version": version(submission)},
        **AUTOSAVE,
    )
    assert response.status_code == 409
    assert "deadline has passed" in response.json()["message"]
    assert not Answer.objects.filter(submission=submission).exists()


def test_autosave_on_the_photo_page_saves_the_texts(opened, submission):
    data = {"photo_alt": "Kafeen", "photo_credit": "Ola", "version": version(submission)}
    assert opened.post(url(submission, "bilde/"), data, **AUTOSAVE).json()["saved"] is True
    submission.refresh_from_db()
    assert (submission.photo_alt, submission.photo_credit) == ("Kafeen", "Ola")


def test_autosave_needs_the_session_of_the_link(client, submission):
    response = client.post(url(submission, "tekst/"), {"version": "1"}, **AUTOSAVE)
    assert response.status_code == 404


def test_task_pages_with_typing_carry_the_autosave_form_and_a_polite_status(opened, submission):
    for page in ("pitch/", "tekst/", "bilde/"):
        html = opened.get(url(submission, page)).content.decode()
        assert "data-autosave>" in html or "data-autosave\n" in html or " data-autosave" in html
        assert 'aria-live="polite"' in html
        assert "js/autosave.js" in html
    contacts = opened.get(url(submission, "kontaktpersoner/")).content.decode()
    assert "data-autosave>" not in contacts


@pytest.mark.parametrize("page", ["tekst/", "pitch/", "bilde/"])
def test_autosaves_of_one_case_stop_at_their_limit_before_anything_is_validated(
    opened, submission, settings, monkeypatch, page
):
    """Autosave is no e-mail, but it is work: counted per case (and client) before the form is
    read, and past the limit answered 429 with a message, nothing validated or saved."""
    settings.RATE_LIMITS_PER_CASE = {**settings.RATE_LIMITS_PER_CASE, "autosave": 2}
    for _ in range(2):
        assert opened.post(url(submission, page), {}, **AUTOSAVE).status_code in (200, 409)
    before = version(submission)

    def no_cleaning(self):
        raise AssertionError(f"{type(self).__name__} was validated")

    monkeypatch.setattr(django_forms.BaseForm, "full_clean", no_cleaning)
    response = opened.post(url(submission, page), {"version": before}, **AUTOSAVE)
    assert response.status_code == 429
    assert response.json() == {
        "saved": False,
        "message": "Ikke lagret automatisk: for mange lagringer den siste timen. Teksten din "
        "står fortsatt på siden: lagre den senere.",
    }
    assert version(submission) == before
