"""An editor takes a case from pitch to publication and back, entirely in the admin."""

import pytest
from django import forms
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from editorial.models import EditorialNote
from submissions import approvals, links, services
from submissions.models import StateChange, Submission
from submissions.workflow import CommentRequired, State, transition
from tests.factories import make_submission
from tests.pdf import IN_CI, WEASYPRINT_PROBLEM

pytestmark = pytest.mark.django_db


def change_url(submission, suffix="change/"):
    return f"/admin/submissions/submission/{submission.pk}/{suffix}"


def move(client, submission, target, comment=""):
    return client.post(
        change_url(submission, "transition/"), {"target": target, "comment": comment}
    )


def admin_form_data(client, submission) -> dict:
    """The change form's current values, as a browser would post them back."""
    return change_form_data(client, change_url(submission))


def change_form_data(client, url: str) -> dict:
    """Any admin change form's current values, inlines included, as a browser posts them."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        data.update(posted_values(form[name], name))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": str(len(formset.initial_forms)),
                f"{formset.prefix}-INITIAL_FORMS": str(len(formset.initial_forms)),
            }
        )
        for subform in formset.initial_forms:
            for name in subform.fields:
                data.update(posted_values(subform[name], f"{subform.prefix}-{name}"))
    data.pop("photo", None)
    data.pop("attachment", None)
    return data


def inline_row(data: dict, prefix: str, pk: int) -> str:
    """The form prefix of the inline row editing object `pk`, e.g. "people-1"."""
    return next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == pk
    )


def posted_values(bound_field, name: str) -> dict:
    """What a browser posts for one field: a split date and time as `name_0` and `name_1`."""
    value = bound_field.value()
    if value is None:
        return {}
    widget = bound_field.field.widget
    if isinstance(widget, forms.MultiWidget):
        parts = zip(widget.widgets, widget.decompress(value), strict=True)
        return {f"{name}_{i}": part.format_value(v) for i, (part, v) in enumerate(parts)}
    if isinstance(value, list | tuple):
        return {name: [str(v) for v in value]}
    return {name: value}


def test_the_change_page_offers_only_the_allowed_transitions(editor_client, submission):
    html = editor_client.get(change_url(submission)).content.decode()
    assert 'name="target" value="in_review"' in html
    assert 'name="target" value="rejected"' in html
    assert 'name="target" value="published"' not in html


def test_editor_takes_a_case_from_pitch_to_published_and_back(
    editor_client, editor, submission, django_capture_on_commit_callbacks
):
    services.save_writeup(submission, answers={}, fields={}, submit=True)
    for target in (State.IN_REVIEW, State.APPROVED, State.PUBLISHED):
        assert move(editor_client, submission, target).status_code == 302
    submission.refresh_from_db()
    assert submission.state == State.PUBLISHED
    assert submission.slug == "kafe-som-arbeidstrening"
    assert submission.published_at is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(editor_client, submission, State.CHANGES_REQUESTED, "Legg til tall for 2025.")
    submission.refresh_from_db()
    assert submission.state == State.CHANGES_REQUESTED
    assert [m.to for m in mail.outbox] == [["sub@example.no"]]
    assert "Legg til tall for 2025." in mail.outbox[0].body
    assert "/send-inn/lenke/" in mail.outbox[0].body
    changes = list(
        StateChange.objects.filter(submission=submission).values_list("to_state", "by_user")
    )
    assert changes == [
        ("writeup_submitted", None),
        ("in_review", editor.pk),
        ("approved", editor.pk),
        ("published", editor.pk),
        ("changes_requested", editor.pk),
    ]


def test_a_forbidden_transition_is_refused_with_a_message(editor_client, submission):
    response = move(editor_client, submission, State.PUBLISHED)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == State.PITCH_RECEIVED
    page = editor_client.get(change_url(submission))
    errors = [m for m in page.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert submission.title in str(errors[0])


def bulk_change(client, cases, **data):
    return client.post(
        "/admin/submissions/submission/",
        {"action": "change_state", "_selected_action": [c.pk for c in cases], **data},
    )


@pytest.fixture
def two_cases(call, clock, editor):
    waiting = make_submission(call, submitter_email="a@example.no", title="Venter")
    reviewed = make_submission(call, submitter_email="b@example.no", title="Vurderes")
    transition(reviewed, State.IN_REVIEW, by=editor)
    return waiting, reviewed


def test_bulk_state_change_offers_only_moves_the_selected_cases_can_make(editor_client, two_cases):
    response = bulk_change(editor_client, two_cases)
    assert response.status_code == 200
    choices = dict(response.context["form"].fields["target"].choices)
    assert list(choices) == [
        State.IN_REVIEW,
        State.CHANGES_REQUESTED,
        State.APPROVED,
        State.REJECTED,
        State.WITHDRAWN,
    ]
    with translation.override("nb"):  # the admin's language
        label = gettext("%(state)s (possible for %(count)s of %(total)s)")
        assert choices[State.REJECTED] == label % {
            "state": State.REJECTED.label,
            "count": 2,
            "total": 2,
        }
        assert choices[State.APPROVED] == label % {
            "state": State.APPROVED.label,
            "count": 1,
            "total": 2,
        }
    assert State.PUBLISHED not in response.content.decode()


def test_bulk_state_change_applies_to_each_allowed_case_and_reports_each(editor_client, two_cases):
    waiting, reviewed = two_cases
    response = bulk_change(editor_client, two_cases, apply="1", target=State.APPROVED, comment="")
    assert response.status_code == 302
    waiting.refresh_from_db()
    reviewed.refresh_from_db()
    assert (waiting.state, reviewed.state) == (State.PITCH_RECEIVED, State.APPROVED)
    messages = editor_client.get(response["Location"]).context["messages"]
    reports = {(m.level_tag, "Venter" in str(m), "Vurderes" in str(m)) for m in messages}
    assert reports == {("error", True, False), ("success", False, True), ("info", False, False)}


def test_bulk_withdrawal_asks_for_the_comment_and_keeps_the_choice(editor_client, two_cases):
    response = bulk_change(editor_client, two_cases, apply="1", target=State.WITHDRAWN)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["comment"]
    assert response.context["form"]["target"].value() == State.WITHDRAWN
    assert {c.state for c in Submission.objects.all()} == {State.PITCH_RECEIVED, State.IN_REVIEW}


def test_the_review_list_counts_cases_per_state_and_filters(editor_client, call, clock):
    make_submission(call, submitter_email="a@example.no")
    done = make_submission(call, submitter_email="b@example.no")
    services.save_writeup(done, answers={}, fields={}, submit=True)
    html = editor_client.get("/admin/submissions/submission/").content.decode()
    assert 'href="?state__exact=pitch_received"' in html
    missing = editor_client.get("/admin/submissions/submission/?writeup=missing")
    assert [s.pk for s in missing.context["cl"].result_list] != [done.pk]
    assert len(missing.context["cl"].result_list) == 1
    by_county = editor_client.get("/admin/submissions/submission/?county=03")
    assert len(by_county.context["cl"].result_list) == 2
    searched = editor_client.get("/admin/submissions/submission/?q=Gr%C3%B8nn+Start")
    assert len(searched.context["cl"].result_list) == 2


def test_editor_saves_tags_assignment_and_a_note(editor_client, editor, submission):
    data = admin_form_data(editor_client, submission)
    data.update(
        {
            "assigned_editor": str(editor.pk),
            "tags": "kafé, ungdom",
            "notes-TOTAL_FORMS": "1",
            "notes-INITIAL_FORMS": "0",
            "notes-0-text": "Ring kommunen",
        }
    )
    response = editor_client.post(change_url(submission), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    submission.refresh_from_db()
    assert submission.assigned_editor == editor
    assert sorted(submission.tags.names()) == ["kafé", "ungdom"]
    note = EditorialNote.objects.get()
    assert (note.text, note.author) == ("Ring kommunen", editor)


def test_two_editors_saving_at_once_the_second_gets_a_conflict_and_keeps_input(
    editor_client, submission
):
    first = admin_form_data(editor_client, submission)
    second = dict(first)
    first["title"] = "Første redaktørs tittel"
    second["title"] = "Andre redaktørs tittel"
    assert editor_client.post(change_url(submission), first).status_code == 302
    response = editor_client.post(change_url(submission), second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Andre redaktørs tittel" in html
    submission.refresh_from_db()
    assert submission.title == "Første redaktørs tittel"
    assert response.context["adminform"].form.non_field_errors()


def test_copy_edited_case_needs_the_submitters_approval_before_publishing(
    editor_client, submission, django_capture_on_commit_callbacks
):
    client = Client()  # the submitter's own browser
    services.save_writeup(submission, answers={}, fields={}, submit=True)
    move(editor_client, submission, State.IN_REVIEW)
    data = admin_form_data(editor_client, submission)
    data["summary"] = "Kommunen og en sosial entreprenør driver en kafé sammen."
    assert editor_client.post(change_url(submission), data).status_code == 302
    move(editor_client, submission, State.APPROVED)
    move(editor_client, submission, State.PUBLISHED)
    submission.refresh_from_db()
    assert submission.state == State.APPROVED

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(change_url(submission, "request-approval/"))
    assert [m.to for m in mail.outbox] == [["sub@example.no"]]

    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    page = client.get(f"/send-inn/bidrag/{submission.public_id}/endringer/").content.decode()
    assert "driver en kafé<ins> sammen</ins>." in page
    request = approvals.pending_edit_approval(submission).pk
    response = client.post(
        f"/send-inn/bidrag/{submission.public_id}/endringer/",
        {"request": request, "decision": "approve"},
    )
    assert response.status_code == 302

    move(editor_client, submission, State.PUBLISHED)
    submission.refresh_from_db()
    assert submission.state == State.PUBLISHED
    approval = submission.edit_approvals.get()
    assert approval.decision == "approved"
    assert approval.edited["summary"] == "Kommunen og en sosial entreprenør driver en kafé sammen."


def test_submitter_can_answer_the_edits_with_a_comment_instead(submission):
    client = Client()
    submission.title = "Redigert tittel"
    submission.save()
    approvals.request_edit_approval(submission, by=None)
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    url = f"/en/send-inn/bidrag/{submission.public_id}/endringer/"
    request = approvals.pending_edit_approval(submission).pk
    empty = client.post(url, {"request": request, "decision": "comment", "comment": ""})
    assert "Tell the editors what you would like changed." in empty.content.decode()
    client.post(url, {"request": request, "decision": "comment", "comment": "Behold min tittel"})
    approval = submission.edit_approvals.get()
    assert (approval.decision, approval.comment) == ("commented", "Behold min tittel")
    submission.refresh_from_db()
    assert submission.text_is_approved() is False


def test_editor_previews_an_unpublished_case_from_the_admin(editor_client, submission):
    html = editor_client.get(change_url(submission)).content.decode()
    preview = f"/eksempler/forhandsvisning/{submission.public_id}/"
    assert preview in html
    response = editor_client.get(preview)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert submission.title in response.content.decode()


@pytest.mark.skipif(
    WEASYPRINT_PROBLEM is not None and not IN_CI,
    reason=f"WeasyPrint cannot run here: {WEASYPRINT_PROBLEM}",
)
def test_editor_previews_the_case_as_its_pages_in_the_book(editor_client, submission):
    html = editor_client.get(change_url(submission)).content.decode()
    url = f"/admin/book/edition/preview/case/{submission.pk}/"
    assert url in html
    response = editor_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_editor_withdraws_a_case_at_the_submitters_request_with_a_comment(
    editor_client, editor, submission
):
    html = editor_client.get(change_url(submission)).content.decode()
    assert 'name="target" value="withdrawn"' in html
    response = move(editor_client, submission, State.WITHDRAWN, "Innsenderen ringte 2. sept.")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == State.WITHDRAWN
    change = StateChange.objects.get(to_state=State.WITHDRAWN)
    assert (change.by_user, change.comment) == (editor, "Innsenderen ringte 2. sept.")
    # Reopening is the way back.
    html = editor_client.get(change_url(submission)).content.decode()
    assert 'name="target" value="in_review"' in html


def test_withdrawing_without_a_comment_asks_for_it_next_to_the_field(editor_client, submission):
    response = editor_client.post(
        change_url(submission, "transition/"), {"target": State.WITHDRAWN, "comment": "  "}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["comment"]
    html = response.content.decode()
    assert 'aria-invalid="true" aria-describedby="id_comment_error" id="id_comment"' in html
    # Only this case's moves are offered, the chosen one still chosen.
    assert html.count('name="target"') == 3
    assert 'value="withdrawn" required id="id_target_2" checked' in html
    submission.refresh_from_db()
    assert submission.state == State.PITCH_RECEIVED
    # Answering the page does the move.
    response = editor_client.post(
        change_url(submission, "transition/"),
        {"target": State.WITHDRAWN, "comment": "Trukket etter e-post fra innsenderen."},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == State.WITHDRAWN


def test_the_workflow_itself_refuses_a_withdrawal_without_a_comment(submission, editor):
    with pytest.raises(CommentRequired):
        transition(submission, State.WITHDRAWN, by=editor, comment=" ")
    submission.refresh_from_db()
    assert submission.state == State.PITCH_RECEIVED
