"""The submitter's approval of the editors' copy-edits: asked for (with the editor's note),
reminded once, answered (through the link, or recorded by an editor when given outside the
system), and what readers see of a published case meanwhile."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from common.announcements import announce_public_change
from submissions import emails
from submissions.links import issue_token
from submissions.models import (
    EditApproval,
    Submission,
)

logger = logging.getLogger("kokebok.submissions")

# A request still waiting this long after it was made is reminded, once.
REMIND_AFTER = timedelta(days=3)


class ApprovalNotPending(Exception):
    """The request for approval was answered or replaced by a newer one meanwhile."""


@transaction.atomic
def request_edit_approval(submission: Submission, *, by, note: str = "") -> EditApproval:
    """Ask the submitter to approve the editors' version of the text, by e-mail with a link
    and the editor's `note`."""
    approval = EditApproval(
        submission=submission,
        requested_by=by,
        original=submission.submitter_text,
        edited=submission.text_snapshot(),
        note=note.strip(),
    )
    approval._history_user = by
    approval.save()
    emails.send_approval_request(submission, issue_token(submission), note=approval.note)
    logger.info("edit_approval_requested submission=%s", submission.pk)
    return approval


def pending_edit_approval(submission: Submission) -> EditApproval | None:
    return submission.edit_approvals.filter(decision=EditApproval.Decision.PENDING).first()


def pending_approvals():
    """Every request still waiting for the submitter, oldest first, with its case (for the
    editors' dashboard: `requested_at` says how long it has waited)."""
    return (
        EditApproval.objects.filter(decision=EditApproval.Decision.PENDING)
        .select_related("submission", "requested_by")
        .order_by("requested_at", "pk")
    )


@transaction.atomic
def answer_edit_approval(approval: EditApproval, *, approve: bool, comment: str = "", now=None):
    """The submitter approves the edited text (which may then be published) or comments on it.

    Raises ApprovalNotPending if the request was answered or replaced meanwhile: an answer
    always concerns the exact text the submitter read."""
    approval = _lock_pending(approval)
    approval.decision = (
        EditApproval.Decision.APPROVED if approve else EditApproval.Decision.COMMENTED
    )
    approval.comment = comment
    approval.answered_at = now or timezone.now()
    approval.save()
    if approve:
        _take_approved_text(approval)
    logger.info("edit_approval_answered submission=%s approved=%s", approval.submission_id, approve)


@transaction.atomic
def record_outside_approval(
    approval: EditApproval, *, by, approver: str, given_at, channel: str, comment: str = ""
) -> EditApproval:
    """An editor records that the submitter (or `approver` for them) approved the edits
    outside the system, by `channel` at `given_at`: it counts as their approval through the
    link, and the row keeps who recorded it. Raises ApprovalNotPending as an answer does."""
    approval = _lock_pending(approval)
    approval.decision = EditApproval.Decision.APPROVED
    approval.answered_at = given_at
    approval.outside_approver = approver.strip()
    approval.outside_channel = channel
    approval.comment = comment.strip()
    approval.recorded_by = by
    approval._history_user = by
    approval.save()
    _take_approved_text(approval)
    logger.info("edit_approval_recorded submission=%s channel=%s", approval.submission_id, channel)
    return approval


def _lock_pending(approval: EditApproval) -> EditApproval:
    approval = EditApproval.objects.select_for_update().get(pk=approval.pk)
    if approval.decision != EditApproval.Decision.PENDING:
        raise ApprovalNotPending
    return approval


def _take_approved_text(approval: EditApproval):
    """The approved text may be published; on a published case it replaces what readers see."""
    submission = Submission.objects.select_for_update().get(pk=approval.submission_id)
    submission.approved_text = approval.edited
    submission.save(update_fields=["approved_text"])
    if submission.is_public:
        held = {} if submission.text_is_approved() else approval.edited
        _hold(submission, held)
        announce_public_change(submission)


def keep_readers_text(submission: Submission, *, before: dict) -> None:
    """After a change of the text of `submission`, whose text was `before` it: while the case
    is published and its text is not approved, readers keep the text they saw (`before`, or
    what was held already); once it is approved again, they see it."""
    if not submission.is_public:
        return
    if submission.text_is_approved():
        _hold(submission, {})
    elif not submission.published_text:
        _hold(submission, before)


def _hold(submission: Submission, text: dict):
    # Not a save(): the case's version and history are the edit's, not this bookkeeping's.
    submission.published_text = text
    Submission.objects.filter(pk=submission.pk).update(published_text=text)


# --- The reminder ---


def send_approval_reminders(*, now=None) -> int:
    """Remind, once, every submitter whose request has waited REMIND_AFTER or longer.

    Each request is reminded once however often this runs: `reminded_at` is set by a
    conditional update, which only one run can make. Returns how many were sent."""
    now = now or timezone.now()
    due = EditApproval.objects.filter(
        decision=EditApproval.Decision.PENDING,
        reminded_at=None,
        requested_at__lte=now - REMIND_AFTER,
    ).select_related("submission__call")
    sent = sum(_remind_once(approval, now) for approval in due)
    logger.info("approval_reminders_sent count=%s", sent)
    return sent


@transaction.atomic
def _remind_once(approval: EditApproval, now) -> int:
    claimed = EditApproval.objects.filter(
        pk=approval.pk, reminded_at=None, decision=EditApproval.Decision.PENDING
    ).update(reminded_at=now)
    if claimed:
        submission = approval.submission
        emails.send_approval_request(
            submission, issue_token(submission), note=approval.note, reminder=True
        )
    return claimed
