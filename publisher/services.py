"""Changing the publisher: what follows every save (a new privacy notice version when the notice
changed, the pages and the next book build made stale)."""

import hashlib
import json

from django.db import transaction

from common.announcements import announce_public_change
from publisher.accessor import forget
from publisher.models import Partner, PrivacyNotice, Publisher

# (Migration 0002 copies NOTICE_FIELDS and this date for the notice's first version.)
# Raise when the notice's wording in templates/privacy.html changes in substance, so that the
# next save of the publisher dates a new version.
NOTICE_TEXT_VERSION = "2026-12-04"

NOTICE_FIELDS = (
    "name", "name_nn", "name_en", "short_name", "contact_email", "postal_address",
    "dpo_contact", "basis_submission", "basis_contact", "basis_web", "basis_book",
    "processors", "transfers_outside_eea", "retention_unpublished_days", "retention_input_days",
    "retention_email_tasks_days", "retention_log_days",
)  # fmt: skip


def save_publisher(publisher: Publisher) -> PrivacyNotice | None:
    """Save the publisher's own fields, then `publisher_changed`. Partners are saved by the
    caller before `publisher_changed` (the admin's inline) or by `configure_publisher`."""
    with transaction.atomic():
        publisher.save()
        return publisher_changed(publisher)


def configure_publisher(publisher: Publisher, *, partners: list[dict]) -> PrivacyNotice | None:
    """Save the publisher with `partners` (dicts of Partner's fields) instead of its old ones."""
    with transaction.atomic():
        publisher.save()
        publisher.partners.all().delete()
        Partner.objects.bulk_create(Partner(publisher=publisher, **p) for p in partners)
        return publisher_changed(publisher)


def publisher_changed(publisher: Publisher) -> PrivacyNotice | None:
    """Every page, the feeds and the next book build show the publisher as saved now; a new
    version of the privacy notice when what it says changed. Returns that new version."""
    forget()
    # No one case changed, but every page's footer did: the whole-page cache and the book follow.
    announce_public_change()
    return record_notice_version(publisher)


def notice_facts(publisher: Publisher) -> dict:
    facts = {field: getattr(publisher, field) for field in NOTICE_FIELDS}
    facts["partners"] = list(publisher.partners.values("name", "role", "role_nn", "role_en"))
    facts["text_version"] = NOTICE_TEXT_VERSION
    return facts


def record_notice_version(publisher: Publisher) -> PrivacyNotice | None:
    facts = notice_facts(publisher)
    fingerprint = hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()
    latest = PrivacyNotice.objects.order_by("-created_at", "-pk").first()
    if latest is not None and latest.fingerprint == fingerprint:
        return None
    return PrivacyNotice.objects.create(fingerprint=fingerprint, facts=facts)
