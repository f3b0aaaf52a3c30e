"""Stage 2: the write-up, its drafts, its deadline and its limits."""

import datetime as dt

import pytest
from django.core import mail

from submissions import links, services
from submissions.models import Answer, StateChange, Submission
from submissions.workflow import State, transition
from tests.factories import WRITEUP_DEADLINE
from tests.submissions.browser import form_as_shown

pytestmark = pytest.mark.django_db


def open_link(client, submission):
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    return client


@pytest.fixture
def opened(client, submission):
    """A browser session that has opened the submission's secret link."""
    return open_link(client, submission)


def writeup_url(submission, language=""):
    return f"{language}/send-inn/bidrag/{submission.public_id}/tekst/"


# Sending the text needs the sender's agreement that the editors may edit and publish it.
AGREED = {"agreement-accept": "on"}


def send_url(submission, language=""):
    return f"{language}/send-inn/bidrag/{submission.public_id}/se-over/"


def version(submission) -> str:
    return str(Submission.objects.get(pk=submission.pk).version)


def answers_post(submission, text="Et svar.", **extra):
    data = {f"answer_{q.pk}": f"{text} {q.position}" for q in submission.call.questions.all()}
    data.update({"link": "", "photo_alt": ""}, **extra)
    return data


def test_writeup_form_has_one_field_per_guiding_question_in_order(opened, submission):
    html = opened.get(writeup_url(submission, "/en")).content.decode()
    positions = [html.index(q.text_en) for q in submission.call.questions.all()]
    assert positions == sorted(positions)
    assert len(positions) == 6
    assert 'data-target="600"' in html
    assert 'data-max="1200"' in html


def test_questions_show_in_nynorsk_when_nynorsk_is_chosen(opened, submission):
    html = opened.get(writeup_url(submission, "/nn")).content.decode()
    assert "Kva var ideen, behovet eller problemet?" in html
    assert "Hva var ideen" not in html


def test_draft_saves_incomplete_answers_without_changing_state(opened, submission):
    first = submission.call.questions.first()
    response = opened.post(
        writeup_url(submission),
        {f"answer_{first.pk}": "Bare det første svaret.", "action": "draft"},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == State.PITCH_RECEIVED
    assert submission.writeup_submitted_at is None
    assert (
        Answer.objects.get(submission=submission, question=first).text == "Bare det første svaret."
    )
    page = opened.get(writeup_url(submission)).content.decode()
    assert "Bare det første svaret." in page


def test_some_answers_save_but_sending_waits_for_every_answer(opened, submission):
    first = submission.call.questions.first()
    response = opened.post(writeup_url(submission), {f"answer_{first.pk}": "Bare det første."})
    assert response.status_code == 302
    response = opened.post(send_url(submission, "/en"), {"version": version(submission), **AGREED})
    assert response.status_code == 400
    assert "Before you can send, complete:" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == State.PITCH_RECEIVED


def test_submit_moves_the_state_on_and_mails_a_confirmation_with_a_link(
    opened, submission, django_capture_on_commit_callbacks
):
    opened.post(writeup_url(submission), answers_post(submission))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = opened.post(send_url(submission), {"version": version(submission), **AGREED})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == State.WRITEUP_SUBMITTED
    assert submission.writeup_submitted_at is not None
    assert StateChange.objects.get(submission=submission).by_submitter is True
    assert [m.to for m in mail.outbox] == [["sub@example.no"]]
    assert "/send-inn/lenke/" in mail.outbox[0].body


def test_words_over_the_hard_cap_are_refused_with_the_count(opened, submission):
    submission.call.writeup_max_words = 10
    submission.call.save()
    data = answers_post(submission, text="ord " * 5, action="draft")
    response = opened.post(writeup_url(submission, "/en"), data)
    assert response.status_code == 200
    assert "The write-up has 36 words; the limit is 10 words." in response.content.decode()
    assert not Answer.objects.filter(submission=submission).exists()


@pytest.mark.parametrize(
    ("moment", "saved"),
    [
        (WRITEUP_DEADLINE - dt.timedelta(minutes=1), True),
        (WRITEUP_DEADLINE, True),
        (WRITEUP_DEADLINE + dt.timedelta(seconds=30), True),
        (WRITEUP_DEADLINE + dt.timedelta(seconds=59), True),
        (WRITEUP_DEADLINE + dt.timedelta(minutes=1), False),
    ],
)
def test_writeup_deadline_holds_to_the_minute_and_a_late_save_keeps_the_text(
    opened, submission, clock, moment, saved
):
    clock.move_to(moment)
    open_link(opened, submission)
    response = opened.post(
        writeup_url(submission, "/en"), answers_post(submission, text="Sent svar", action="draft")
    )
    assert Answer.objects.filter(submission=submission).exists() is saved
    if not saved:
        html = response.content.decode()
        assert response.status_code == 200
        assert "can no longer be changed" in html
        assert "Sent svar 1" in html


@pytest.mark.parametrize(("seconds", "saved"), [(0, True), (30, True), (59, True), (60, False)])
def test_an_extension_holds_to_its_minute_too(opened, submission, clock, seconds, saved):
    extended = WRITEUP_DEADLINE + dt.timedelta(days=2)
    submission.writeup_extended_until = extended
    submission.save()
    clock.move_to(extended + dt.timedelta(seconds=seconds))
    open_link(opened, submission)
    response = opened.post(writeup_url(submission), answers_post(submission, action="draft"))
    assert response.status_code == (302 if saved else 200)
    assert Answer.objects.filter(submission=submission).exists() is saved


def test_an_extension_lets_one_submitter_edit_after_the_deadline(opened, submission, clock):
    submission.writeup_extended_until = WRITEUP_DEADLINE + dt.timedelta(days=2)
    submission.save()
    clock.move_to(WRITEUP_DEADLINE + dt.timedelta(days=1))
    open_link(opened, submission)
    response = opened.post(writeup_url(submission), answers_post(submission, action="draft"))
    assert response.status_code == 302
    assert Answer.objects.filter(submission=submission).count() == 6


def test_changes_requested_reopens_editing_after_the_deadline_and_resubmits_to_review(
    opened, submission, clock, editor
):
    services.save_writeup(submission, answers={}, fields={}, submit=True, now=WRITEUP_DEADLINE)
    transition(submission, State.IN_REVIEW, by=editor)
    transition(submission, State.CHANGES_REQUESTED, by=editor, comment="Mer om tallene")
    clock.move_to(WRITEUP_DEADLINE + dt.timedelta(days=10))
    open_link(opened, submission)
    assert opened.post(writeup_url(submission), answers_post(submission)).status_code == 302
    response = opened.post(send_url(submission), {"version": version(submission), **AGREED})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == State.IN_REVIEW


def test_in_review_is_read_only_for_the_submitter(opened, submission, editor):
    transition(submission, State.IN_REVIEW, by=editor)
    response = opened.post(writeup_url(submission, "/en"), answers_post(submission, action="draft"))
    assert response.status_code == 200
    assert "can no longer be changed" in response.content.decode()
    assert not Answer.objects.filter(submission=submission).exists()


def test_the_pitch_can_be_edited_through_the_link_until_the_deadline(opened, submission):
    from tests.factories import edit_pitch_post_data

    people = {p.side: p for p in submission.people.all()}
    enterprise = submission.enterprises.get()
    data = edit_pitch_post_data(
        title="Ny tittel",
        submitter_email="sub@example.no",
        **{
            "enterprises-INITIAL_FORMS": "1",
            "enterprises-0-id": str(enterprise.pk),
            "enterprise_contact-email": people["enterprise"].email,
            "municipality_contact-email": people["municipality"].email,
        },
    )
    response = opened.post(f"/send-inn/bidrag/{submission.public_id}/pitch/", data)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.title == "Ny tittel"
    assert submission.enterprises.get().pk == enterprise.pk
    assert Submission.history.filter(id=submission.pk).count() >= 2


def test_a_save_based_on_an_older_version_is_refused_and_keeps_the_text(opened, submission):
    loaded_version = submission.version
    services.save_writeup(
        submission, answers={}, fields={"link": "https://other.example"}, submit=False
    )
    data = answers_post(submission, text="Min versjon", action="draft", version=loaded_version)
    response = opened.post(writeup_url(submission, "/en"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this submission while you were editing it." in html
    assert "Min versjon 1" in html
    assert not Answer.objects.filter(submission=submission).exists()
    assert f'name="version" value="{loaded_version + 1}"' in html
    # Saving again from the re-shown form knowingly replaces the other version.
    data["version"] = loaded_version + 1
    assert opened.post(writeup_url(submission), data).status_code == 302
    assert Answer.objects.filter(submission=submission).count() == 6


def test_an_editors_state_change_conflicts_with_an_edit_started_before_it(
    opened, submission, editor
):
    loaded_version = submission.version
    transition(submission, State.REJECTED, by=editor)
    transition(submission, State.IN_REVIEW, by=editor)
    transition(submission, State.CHANGES_REQUESTED, by=editor)
    data = answers_post(submission, action="draft", version=loaded_version)
    response = opened.post(writeup_url(submission, "/en"), data)
    assert "Someone else saved this submission" in response.content.decode()


# --- Saving one page makes only that page's text the submitter's own ---


def test_saving_the_pitch_does_not_take_the_editors_answer_edits_for_the_submitters(
    opened, submission
):
    answers = {q.pk: f"Mitt svar {q.position}" for q in submission.call.questions.all()}
    services.save_writeup(submission, answers=answers, fields={}, submit=True)
    edited = submission.answers.get(question__position=1)
    edited.text = "Redaksjonens versjon"
    edited.save()
    assert submission.text_is_approved() is False

    url = f"/send-inn/bidrag/{submission.public_id}/pitch/"
    data = form_as_shown(opened.get(url).content.decode())
    data["title"] = ["Rettet tittel"]
    assert opened.post(url, data).status_code == 302

    submission.refresh_from_db()
    assert submission.submitter_text["title"] == "Rettet tittel"
    assert submission.submitter_text["answers"][str(edited.question_id)] == "Mitt svar 1"
    assert submission.text_is_approved() is False


def test_saving_the_writeup_does_not_take_the_editors_title_edit_for_the_submitters(
    opened, submission
):
    submission.title = "Redaksjonens tittel"
    submission.save()
    response = opened.post(writeup_url(submission), answers_post(submission, action="draft"))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.submitter_text["title"] == "Kafé som arbeidstrening"
    assert submission.submitter_text["answers"][str(submission.answers.first().question_id)] == (
        "Et svar. 1"
    )
    assert submission.text_is_approved() is False
