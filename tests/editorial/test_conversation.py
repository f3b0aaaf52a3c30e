"""The editors' side of the conversation, from the admin to the submitter's pages: a request
for changes with the parts it points at and the editors' own edits, the note with a request to
approve edits, its one reminder, and an approval recorded by an editor."""

import datetime as dt

import pytest
from django.contrib import admin
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from editorial.admin.inlines import StateChangeInline
from submissions import approvals, links
from submissions.change_requests import open_change_request
from submissions.models import EditApproval, StateChange
from submissions.workflow import State
from tests.editorial.test_workflow_admin import admin_form_data, change_url, move
from tests.factories import make_case
from tests.submissions.test_writeup import AGREED, answers_post

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def in_review(call, clock):
    return make_case(call, state=State.IN_REVIEW, title="Kafé på hjørnet", answer="Vi startet.")


def signed_in_submitter(case) -> Client:
    submitter = Client()
    submitter.post(f"/send-inn/lenke/{links.issue_token(case)}/")
    return submitter


def edit_title(client, case, title):
    data = admin_form_data(client, case)
    data["title"] = title
    assert client.post(change_url(case), data).status_code == 302


def request_changes(client, case, comment, parts):
    return client.post(
        change_url(case, "transition/"),
        {"target": State.CHANGES_REQUESTED, "comment": comment, "parts": parts},
    )


# --- A request for changes ---


def test_the_request_stands_on_the_submitters_page_with_its_parts_and_the_editors_edits(
    editor_client, in_review
):
    question = in_review.call.questions.first()
    edit_title(editor_client, in_review, "Kafeen på hjørnet")
    parts = ["title", f"question-{question.pk}", "photo"]
    response = request_changes(editor_client, in_review, f"Skriv mer om målene. {HOSTILE}", parts)
    assert response.status_code == 302

    html = signed_in_submitter(in_review).get(f"/send-inn/bidrag/{in_review.public_id}/")
    html = html.content.decode()
    assert "Redaksjonen ber deg gjøre endringer" in html
    assert "Skriv mer om målene." in html
    assert HOSTILE not in html
    assert "&lt;script&gt;" in html
    assert f'data-part="question-{question.pk}"' in html
    assert question.display_text in html
    assert "Bilde, beskrivelse og kreditering" in html
    # The case page's list of state changes names what they pointed at, in the editor's language.
    change = in_review.state_changes.last()
    with translation.override("nb"):
        named = StateChangeInline(StateChange, admin.site).parts_named(change)
    assert named == f"Tittel, {question.display_text}, Bilde, beskrivelse og kreditering"
    # The editors' edit of the title is shown as theirs, word by word.
    assert "endret av redaksjonen" in html
    assert "<del>Kafé</del>" in html
    assert "<ins>Kafeen</ins>" in html


def test_each_part_the_editors_point_at_is_marked_on_the_submitters_form(editor_client, in_review):
    question, other = in_review.call.questions.all()[:2]
    request_changes(editor_client, in_review, "Se på svaret.", [f"question-{question.pk}"])
    submitter = signed_in_submitter(in_review)
    form = submitter.get(f"/send-inn/bidrag/{in_review.public_id}/tekst/").context["form"]
    marked = form.fields[f"answer_{question.pk}"]
    assert marked.widget.attrs["data-editors-request"] == "true"
    assert marked.help_text.startswith("Redaksjonen ber deg se på dette.")
    assert "data-editors-request" not in form.fields[f"answer_{other.pk}"].widget.attrs


def test_the_pitch_page_marks_the_title_and_the_contact_persons(editor_client, in_review):
    request_changes(editor_client, in_review, "Sjekk tittel og kontakter.", ["title", "contacts"])
    submitter = signed_in_submitter(in_review)
    about = submitter.get(f"/send-inn/bidrag/{in_review.public_id}/pitch/").context["form"]
    assert about.fields["title"].widget.attrs["data-editors-request"] == "true"
    assert "data-editors-request" not in about.fields["summary"].widget.attrs
    contacts = f"/send-inn/bidrag/{in_review.public_id}/kontaktpersoner/"
    group = submitter.get(contacts).context["group"]
    contact = group.forms["municipality_contact"].fields["email"]
    assert contact.widget.attrs["data-editors-request"] == "true"


def test_the_request_leaves_the_page_once_the_submitter_sends_corrections(editor_client, in_review):
    request_changes(editor_client, in_review, "Mer om målene.", [])
    in_review.refresh_from_db()
    assert open_change_request(in_review).message == "Mer om målene."
    assert open_change_request(in_review).changes == []  # no edits of their own
    submitter = signed_in_submitter(in_review)
    url = f"/send-inn/bidrag/{in_review.public_id}/tekst/"
    assert submitter.post(url, answers_post(in_review)).status_code == 302
    send = f"/send-inn/bidrag/{in_review.public_id}/se-over/"
    in_review.refresh_from_db()
    assert submitter.post(send, {"version": in_review.version, **AGREED}).status_code == 302
    in_review.refresh_from_db()
    assert in_review.state == State.IN_REVIEW
    assert open_change_request(in_review) is None
    overview = submitter.get(f"/send-inn/bidrag/{in_review.public_id}/").content.decode()
    assert "Mer om målene." not in overview


def test_parts_that_are_not_the_cases_are_refused(editor_client, in_review):
    response = request_changes(editor_client, in_review, "Hei", ["question-999999", "<b>"])
    assert response.status_code == 200  # the form again, with the error at the field
    in_review.refresh_from_db()
    assert in_review.state == State.IN_REVIEW


# --- A request to approve edits: the note and the reminder ---


def ask_with_note(client, case, note):
    edit_title(client, case, "Kafeen på hjørnet")
    return client.post(change_url(case, "request-approval/"), {"note": note})


def test_the_note_goes_with_the_request_into_the_email_and_onto_the_approve_page(
    editor_client, in_review, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ask_with_note(editor_client, in_review, f"Vi rettet en skrivefeil. {HOSTILE}")
    [message] = mail.outbox
    assert "Redaksjonens merknad:" in message.body
    assert f"Vi rettet en skrivefeil. {HOSTILE}" in message.body
    page = signed_in_submitter(in_review).get(f"/send-inn/bidrag/{in_review.public_id}/endringer/")
    html = page.content.decode()
    assert "Vi rettet en skrivefeil." in html
    assert HOSTILE not in html


def test_the_submitter_is_reminded_once_three_days_after_the_request(
    editor_client, in_review, clock, django_capture_on_commit_callbacks
):
    ask_with_note(editor_client, in_review, "Se over.")
    approval = approvals.pending_edit_approval(in_review)
    mail.outbox.clear()
    clock.shift(dt.timedelta(days=3) - dt.timedelta(minutes=1))
    assert approvals.send_approval_reminders() == 0
    clock.shift(dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_approval_reminders")
        call_command("send_approval_reminders")
    assert [m.to for m in mail.outbox] == [["sub@example.no"]]
    assert mail.outbox[0].subject.startswith("Påminnelse:")
    assert "Se over." in mail.outbox[0].body
    assert "/send-inn/lenke/" in mail.outbox[0].body
    approval.refresh_from_db()
    assert approval.reminded_at == timezone.now()
    later = timezone.now() + dt.timedelta(days=10)
    assert approvals.send_approval_reminders(now=later) == 0


def test_no_reminder_once_answered_or_replaced(editor_client, in_review):
    ask_with_note(editor_client, in_review, "")
    first = approvals.pending_edit_approval(in_review)
    edit_title(editor_client, in_review, "Tredje tittel")
    editor_client.post(change_url(in_review, "request-approval/"), {"note": ""})
    approvals.answer_edit_approval(approvals.pending_edit_approval(in_review), approve=True)
    later = timezone.now() + dt.timedelta(days=4)
    assert approvals.send_approval_reminders(now=later) == 0
    first.refresh_from_db()
    assert (first.decision, first.reminded_at) == (EditApproval.Decision.SUPERSEDED, None)


def test_pending_approvals_lists_what_waits_oldest_first(editor_client, call, clock):
    older = make_case(call, state=State.IN_REVIEW, title="Eldre")
    newer = make_case(call, state=State.IN_REVIEW, title="Nyere")
    ask_with_note(editor_client, older, "")
    clock.shift(dt.timedelta(hours=1))
    ask_with_note(editor_client, newer, "")
    waiting = list(approvals.pending_approvals())
    assert [a.submission for a in waiting] == [older, newer]
    assert waiting[0].requested_at < waiting[1].requested_at


# --- An approval given outside the system ---


def outside_url(case, approval):
    return change_url(case, f"approvals/{approval.pk}/outside/")


def test_an_approval_given_by_phone_is_recorded_and_counts(editor_client, editor, in_review, clock):
    ask_with_note(editor_client, in_review, "")
    approval = approvals.pending_edit_approval(in_review)
    change_page = editor_client.get(change_url(in_review)).content.decode()
    assert outside_url(in_review, approval) in change_page

    clock.shift(dt.timedelta(days=1))
    given = timezone.localtime() - dt.timedelta(hours=2)
    response = editor_client.post(
        outside_url(in_review, approval),
        {
            "approver": "Kari Nordmann",
            "channel": "phone",
            "given_at": given.strftime("%Y-%m-%dT%H:%M"),
            "comment": "Godkjent på telefon.",
        },
    )
    assert response.status_code == 302
    approval.refresh_from_db()
    assert approval.decision == EditApproval.Decision.APPROVED
    assert (approval.outside_approver, approval.outside_channel) == ("Kari Nordmann", "phone")
    assert approval.recorded_by == editor
    assert approval.answered_at == given.replace(second=0, microsecond=0)
    in_review.refresh_from_db()
    assert in_review.text_is_approved()  # so it may be published
    move(editor_client, in_review, State.APPROVED)
    move(editor_client, in_review, State.PUBLISHED)
    in_review.refresh_from_db()
    assert in_review.state == State.PUBLISHED
    # The case page keeps who, how and who recorded it.
    html = editor_client.get(change_url(in_review)).content.decode()
    assert "Telefon, fra Kari Nordmann, registrert av redaktor" in html
    # So does the case's history, with the editor who recorded it.
    history = editor_client.get(change_url(in_review, "history/")).content.decode()
    assert "Godkjenning av endringer" in history
    assert "Kari Nordmann" in history


def test_a_recorded_approval_needs_who_how_and_a_believable_when(editor_client, in_review, clock):
    ask_with_note(editor_client, in_review, "")
    approval = approvals.pending_edit_approval(in_review)
    future = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = editor_client.post(
        outside_url(in_review, approval),
        {"approver": "", "channel": "fax", "given_at": future, "comment": HOSTILE},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["approver"] == ["Skriv navnet på den som godkjente endringene."]
    assert "channel" in errors
    assert errors["given_at"] == ["Godkjenningen kan ikke være gitt fram i tid."]
    html = response.content.decode()
    assert HOSTILE not in html
    assert "&lt;script&gt;" in html
    approval.refresh_from_db()
    assert approval.decision == EditApproval.Decision.PENDING


def test_an_answered_request_cannot_be_recorded_again(editor_client, in_review):
    ask_with_note(editor_client, in_review, "")
    approval = approvals.pending_edit_approval(in_review)
    approvals.answer_edit_approval(approval, approve=False, comment="Nei")
    response = editor_client.get(outside_url(in_review, approval))
    assert response.status_code == 302
    approval.refresh_from_db()
    assert approval.decision == EditApproval.Decision.COMMENTED


def test_the_email_asking_for_changes_names_the_parts_in_the_submitters_language(
    editor_client, in_review, django_capture_on_commit_callbacks
):
    in_review.language = "en"
    in_review.save(update_fields=["language"])
    question = in_review.call.questions.first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_changes(
            editor_client, in_review, "More, please.", ["title", f"question-{question.pk}"]
        )
    [message] = mail.outbox
    assert "Please look at:\n- Title\n" in message.body
    assert question.text_en  # the default questions have their English text
    assert f"- {question.text_en}\n" in message.body


def test_asking_to_approve_an_edit_of_a_published_case_says_readers_keep_the_old_text(
    editor_client, call, clock, django_capture_on_commit_callbacks
):
    published = make_case(call, state=State.PUBLISHED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ask_with_note(editor_client, published, "")
    [message] = mail.outbox
    assert "det publiserte eksempelet" in message.body
    assert "Til du godkjenner, ser leserne teksten slik den ble publisert." in message.body
    assert "ikke publisert før" not in message.body
