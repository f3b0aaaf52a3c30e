"""Secret links: to a submission (several can be valid at once, each e-mail carries one; asking
for a new link adds one and ends none, so nobody who knows an address can lock its owner out;
signing out on all devices ends them all and mails a fresh one) and each contact person's own
consent links (likewise: a new one ends none; erasing the person revokes them)."""

import logging

from django.db import transaction
from django.utils import timezone

from submissions import emails
from submissions.models import AccessToken, ConsentLink, Person, Submission
from submissions.tokens import hash_token, new_token

logger = logging.getLogger("kokebok.submissions")


def issue_token(submission: Submission) -> str:
    """Create one more valid secret link for the submission and return its raw token."""
    raw, digest = new_token()
    AccessToken.objects.create(submission=submission, token_hash=digest)
    return raw


def revoke_tokens(submission: Submission, *, now=None) -> int:
    """Make every secret link of the submission stop working, and with them every browser
    session they opened (`submissions.access` checks a session's link on each request).

    Returns how many links were revoked.
    """
    return submission.tokens.filter(revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )


def valid_token(raw: str) -> AccessToken | None:
    """The secret link `raw` opens, with its submission, unless it was revoked."""
    return (
        AccessToken.objects.filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .select_related("submission")
        .first()
    )


def newest_token(submission: Submission) -> AccessToken | None:
    """The submission's most recent valid link, such as the one its confirmation just carried."""
    return submission.tokens.filter(revoked_at__isnull=True).order_by("-created_at", "-pk").first()


def issue_consent_token(person: Person) -> str:
    """Give a saved person one more consent link and return its raw token; the links they
    already have keep working."""
    raw, digest = new_token()
    ConsentLink.objects.create(person=person, token_hash=digest)
    return raw


def revoke_consent_links(person: Person, *, now=None) -> int:
    """Make every consent link of the person stop working; returns how many."""
    return person.consent_links.filter(revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )


def person_for_consent_token(raw: str) -> Person | None:
    """The person whose valid consent link `raw` is, with their case and consents."""
    if not raw:
        return None
    return (
        Person.objects.filter(
            consent_links__token_hash=hash_token(raw), consent_links__revoked_at__isnull=True
        )
        .select_related("submission", "submission__call")
        .prefetch_related("consents")
        .first()
    )


@transaction.atomic
def send_new_links(email: str) -> int:
    """Mail fresh links for everything `email` is named in, ending none of those in use.

    In order: each submission sent from `email` gets one more link, and each contact person
    with that address (other than a submitter, who uses the submission's link) one more
    consent link. The links and sessions in use keep working: a stranger who knows the address
    must not be able to lock its owner out. Returns how many e-mails were sent; the caller must
    not reveal it.
    """
    submissions = list(Submission.objects.for_email(email).select_related("call"))
    for submission in submissions:
        emails.send_new_link(submission, issue_token(submission))
    people = list(
        Person.objects.filter(email__iexact=email.strip(), is_submitter=False).select_related(
            "submission"
        )
    )
    for person in people:
        emails.send_new_consent_link(person, issue_consent_token(person))
    logger.info("new_links_requested count=%s consent_links=%s", len(submissions), len(people))
    return len(submissions) + len(people)


@transaction.atomic
def sign_out_everywhere(submission: Submission, *, by_editors: bool = False) -> int:
    """End every link of the submission and every session they opened, and mail the sender one
    fresh link so they can come back (only the owner of the address can).

    `by_editors` says who chose it, for the e-mail. Returns how many links were ended.
    """
    ended = revoke_tokens(submission)
    emails.send_signed_out_everywhere(submission, issue_token(submission), by_editors=by_editors)
    logger.info("signed_out_everywhere links=%s by_editors=%s", ended, by_editors)
    return ended
