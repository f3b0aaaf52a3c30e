"""Secret links to a submission: several can be valid at once (each e-mail carries one);
asking for a new link revokes them all."""

import logging

from django.db import transaction
from django.utils import timezone

from submissions import emails
from submissions.models import AccessToken, Submission
from submissions.tokens import hash_token, new_token

logger = logging.getLogger("kokebok.submissions")


def issue_token(submission: Submission) -> str:
    """Create one more valid secret link for the submission and return its raw token."""
    raw, digest = new_token()
    AccessToken.objects.create(submission=submission, token_hash=digest)
    return raw


def revoke_tokens(submission: Submission, *, now=None) -> int:
    return submission.tokens.filter(revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )


def submission_for_token(raw: str) -> Submission | None:
    token = (
        AccessToken.objects.filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .select_related("submission")
        .first()
    )
    return token.submission if token else None


@transaction.atomic
def send_new_links(email: str) -> int:
    """Revoke the old links of every submission sent from `email` and mail a fresh one for each.

    Returns how many were sent; the caller must not reveal it.
    """
    submissions = list(Submission.objects.for_email(email).select_related("call"))
    for submission in submissions:
        revoke_tokens(submission)
        emails.send_new_link(submission, issue_token(submission))
    logger.info("new_links_requested count=%s", len(submissions))
    return len(submissions)
