"""A published case's address (slug): changing it and keeping the old ones as redirects."""

import logging

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from common.announcements import announce_public_change
from submissions.models import (
    OldSlug,
    Submission,
)
from submissions.versions import bump_version, lock_case

logger = logging.getLogger("kokebok.submissions")


def remember_old_slug(submission: Submission, old_slug: str):
    """Keep a published case's previous address answering (with a redirect to the new one)."""
    OldSlug.objects.get_or_create(slug=old_slug, defaults={"submission": submission})


@transaction.atomic
def check_slug_available(submission: Submission, slug: str):
    """Refuse (ValidationError) a malformed slug, or one another case has or had."""
    validate_slug(slug)
    Submission._meta.get_field("slug").run_validators(slug)
    if (
        Submission.objects.filter(slug=slug).exclude(pk=submission.pk).exists()
        or OldSlug.objects.filter(slug=slug).exclude(submission=submission).exists()
    ):
        raise ValidationError(_("Another example has or had this address."), code="slug_taken")


@transaction.atomic
def change_slug(submission: Submission, new_slug: str, *, by=None) -> Submission:
    """Give a case a new address (slug).

    In order: locks the case; refuses a slug that is malformed or that another case has or had
    (ValidationError); moves the address (`move_address`); saves the slug as a new version
    with the change in the history; and tells readers if the case is public.
    """
    lock_case(submission, "slug", "state", "published_at")
    old_slug = submission.slug
    if new_slug == old_slug:
        return submission
    move_address(submission, new_slug)
    bump_version(submission)
    submission._change_reason = f"address {old_slug} → {new_slug}"
    if by is not None:
        submission._history_user = by
    submission.save(update_fields=["slug", "version", "updated_at"])
    if submission.is_public:
        announce_public_change(submission)
    return submission


def move_address(submission: Submission, new_slug: str):
    """Put `new_slug` on the case (unsaved), keeping its current slug answering with a
    redirect if the case was ever published, and taking the new one back if it was this
    case's own old address. Refuses (ValidationError) a slug another case has or had."""
    old_slug = submission.slug
    check_slug_available(submission, new_slug)
    if old_slug and submission.published_at:
        remember_old_slug(submission, old_slug)
    OldSlug.objects.filter(slug=new_slug, submission=submission).delete()
    submission.slug = new_slug
