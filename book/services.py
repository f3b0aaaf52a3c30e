"""What editors do with editions (publish, withdraw) and when the book is rebuilt. The building
itself is in book.builds, run by the background tasks in book.tasks."""

import logging

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from book import tasks
from book.models import Edition

logger = logging.getLogger("kokebok.book")


# --- Editions ---


def current_edition() -> Edition | None:
    """The newest edition, published or not: the one the editors are preparing."""
    return Edition.objects.order_by("-number").first()


def served_edition(number: int | None = None) -> Edition | None:
    """The edition a download address serves: the newest published one that is not
    withdrawn, or published edition `number` (withdrawn or not: its address then says so)."""
    editions = Edition.objects.published()
    if number is not None:
        return editions.filter(number=number).first()
    return editions.filter(withdrawn_at=None).order_by("-number").first()


# --- Publishing and withdrawing ---


class EditionNotAllowed(Exception):
    """The edition is not in a state that allows what was asked; the message says why."""


def publish_refusal(edition: Edition) -> str | None:
    """Why `edition` cannot be published now, or None if it can."""
    if edition.is_published:
        return _("This edition is published already.")
    if not edition.pdf_file:
        return _("This edition has no PDF yet: build it first.")
    newest = Edition.objects.exclude(published_at=None).order_by("-number").first()
    if newest is not None and newest.number > edition.number:
        return _("A newer edition (%(number)s) is published already.") % {"number": newest.number}
    return None


@transaction.atomic
def publish_edition(edition: Edition, *, by=None) -> list[int]:
    """Make `edition` the book readers get at /kokebok.pdf.

    In order: checks publish_refusal() on the locked row; records the publication time;
    after the commit, queues the freezing of every earlier edition not frozen yet, each
    through freeze_edition() (so a final one also gets its archive copy). Returns the numbers
    of the editions being frozen.
    """
    locked = _lock_unless_refused(edition, publish_refusal)
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at"])
    earlier = list(
        Edition.objects.unfrozen()
        .filter(number__lt=locked.number)
        .values_list("pk", "number")
        .order_by("-number")
    )
    transaction.on_commit(lambda: _enqueue_freezes([pk for pk, _number in earlier]))
    logger.info(
        "edition_published edition=%s by=%s freezing=%s",
        locked.number,
        getattr(by, "pk", None),
        ",".join(str(number) for _pk, number in earlier) or "-",
    )
    return [number for _pk, number in earlier]


def _lock_unless_refused(edition: Edition, refusal_of) -> Edition:
    """The edition's row, locked, after `refusal_of(row)` found nothing against the change
    (EditionNotAllowed with its reason otherwise)."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    refusal = refusal_of(locked)
    if refusal:
        raise EditionNotAllowed(refusal)
    return locked


def _enqueue_freezes(edition_ids: list[int]) -> None:
    for edition_id in edition_ids:
        tasks.freeze_edition.enqueue(edition_id)


def withdraw_refusal(edition: Edition) -> str | None:
    """Why `edition` cannot be withdrawn from readers, or None if it can."""
    if edition.is_withdrawn:
        return _("This edition is withdrawn already.")
    if not edition.is_frozen:
        # It follows the site: an erasure or a withdrawn consent leaves it at the next build.
        return _("Only a frozen edition can be withdrawn; this one is rebuilt by itself.")
    if not (edition.is_published and edition.pdf_file):
        return _("This edition was never published, so readers cannot get it anyway.")
    return None


@transaction.atomic
def withdraw_edition(edition: Edition, *, by=None) -> Edition:
    """Stop serving `edition`'s reader PDF: its address answers 410 Gone from now on.

    Its files (the reader copy and a final edition's archive copy) are kept for the archive
    and for the editors, never deleted; /kokebok.pdf falls back to the newest published
    edition that is not withdrawn.
    """
    locked = _lock_unless_refused(edition, withdraw_refusal)
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at"])
    logger.info("edition_withdrawn edition=%s by=%s", locked.number, getattr(by, "pk", None))
    return locked


# --- Rebuilding in the background ---


def schedule_rebuild() -> None:
    """Rebuild the open editions after the transaction commits, once however many times it
    asks (a new edition is built this way). Changes readers see need not ask: announcing them
    queues a rebuild (`enqueue_rebuild`)."""
    if _rebuild_already_scheduled():
        return
    transaction.on_commit(enqueue_rebuild)


def _rebuild_already_scheduled() -> bool:
    return any(
        getattr(entry[1], "__name__", "") == "enqueue_rebuild"
        for entry in getattr(connection, "run_on_commit", [])
        if isinstance(entry, tuple) and len(entry) >= 2
    )


def enqueue_rebuild(**_signal_kwargs) -> None:
    """Queue a rebuild of the editions that are not frozen. Receiver of
    `common.announcements.public_content_changed`, sent once after each transaction that
    changed what readers see."""
    tasks.rebuild_book.enqueue()
