"""The submitter's approval of the editors' copy-edits: asked for, pending, answered."""

import logging

from django.db import transaction
from django.utils import timezone

from submissions import emails
from submissions.links import issue_token
from submissions.models import (
    EditApproval,
    Submission,
)

logger = logging.getLogger("kokebok.submissions")


class ApprovalNotPending(Exception):
    """The request for approval was answered or replaced by a newer one meanwhile."""


@transaction.atomic
def request_edit_approval(submission: Submission, *, by) -> EditApproval:
    """Ask the submitter to approve the editors' version of the text, by e-mail with a link."""
    approval = EditApproval.objects.create(
        submission=submission,
        requested_by=by,
        original=submission.submitter_text,
        edited=submission.text_snapshot(),
    )
    emails.send_approval_request(submission, issue_token(submission))
    logger.info("edit_approval_requested submission=%s", submission.pk)
    return approval


def pending_edit_approval(submission: Submission) -> EditApproval | None:
    return submission.edit_approvals.filter(decision=EditApproval.Decision.PENDING).first()


@transaction.atomic
def answer_edit_approval(approval: EditApproval, *, approve: bool, comment: str = "", now=None):
    """The submitter approves the edited text (which may then be published) or comments on it.

    Raises ApprovalNotPending if the request was answered or replaced meanwhile: an answer
    always concerns the exact text the submitter read."""
    approval = EditApproval.objects.select_for_update().get(pk=approval.pk)
    if approval.decision != EditApproval.Decision.PENDING:
        raise ApprovalNotPending
    approval.decision = (
        EditApproval.Decision.APPROVED if approve else EditApproval.Decision.COMMENTED
    )
    approval.comment = comment
    approval.answered_at = now or timezone.now()
    approval.save()
    if approve:
        submission = approval.submission
        submission.approved_text = approval.edited
        submission.save(update_fields=["approved_text"])
    logger.info("edit_approval_answered submission=%s approved=%s", approval.submission_id, approve)
