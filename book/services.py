"""Building, storing and freezing the editions' PDF files. Never called inside a request that
a reader waits for: the management command and the background task call these."""

import contextlib
import hashlib
import logging
import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from book import render
from book.models import Edition, EditionCase

logger = logging.getLogger("kokebok.book")


class EditionFrozen(Exception):
    """A frozen edition keeps its PDF and its list of cases: it is never built again."""


# --- Where the files are ---


def book_dir() -> Path:
    """MEDIA_ROOT/book/: the editions' PDF files, named by edition and content hash."""
    return Path(settings.MEDIA_ROOT) / "book"


def pdf_path(name: str) -> Path:
    return book_dir() / name


def store_pdf(data: bytes, *, stem: str) -> tuple[str, str]:
    """Write `data` as MEDIA_ROOT/book/<stem>-<hash>.pdf and return (file name, SHA-256).

    Written to a temporary file in the same folder, flushed to disk, then renamed over the
    final name, so a reader never gets a half-written file. The name carries the content hash,
    so the file being served is never the one being written.
    """
    digest = hashlib.sha256(data).hexdigest()
    directory = book_dir()
    directory.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_files(directory)
    name = f"{stem}-{digest[:16]}.pdf"
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".partial-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(directory / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name, digest


# Writing a PDF takes well under a second: an older temporary file is one a killed worker left.
ABANDONED_AFTER = timedelta(hours=1)


def _remove_abandoned_files(directory: Path) -> None:
    cutoff = time.time() - ABANDONED_AFTER.total_seconds()
    for partial in directory.glob(".partial-*.pdf"):
        with contextlib.suppress(FileNotFoundError):  # another build may have removed it
            if partial.stat().st_mtime < cutoff:
                partial.unlink()


def _remove_later(name: str) -> None:
    """Delete a superseded file once the new one is committed."""
    if name:
        transaction.on_commit(lambda: pdf_path(name).unlink(missing_ok=True))


# --- Editions ---


def current_edition() -> Edition | None:
    return Edition.objects.order_by("-number").first()


def served_edition(number: int | None = None) -> Edition | None:
    """The edition a download address serves: the newest one with a PDF, or edition `number`."""
    editions = Edition.objects.with_pdf()
    if number is not None:
        return editions.filter(number=number).first()
    return editions.order_by("-number").first()


def build_edition(edition: Edition, *, force: bool = False) -> bool:
    """Build `edition`'s reader PDF from the cases published now, unless its HTML is the same
    as last time (then nothing is rendered).

    In order: renders the HTML and compares its fingerprint with the stored one; renders the
    PDF; writes the file atomically; in one transaction, stores the file's name, hash, time,
    fingerprint and build report, replaces the edition's list of printed cases and records the
    changes since the previous edition; removes the superseded file. Returns whether a new PDF
    was stored.
    """
    if edition.is_frozen:
        raise EditionFrozen(edition.number)
    options = render.BookOptions.for_edition(edition)
    parts = render.prepare_parts(options)
    source = render.assemble(parts, options)
    if not force and edition.pdf_file and source.fingerprint == edition.content_fingerprint:
        logger.info("book_unchanged edition=%s", edition.number)
        return False
    book = render.build_book(options, prepared=(parts, source))
    _store_build(edition, book)
    return True


def freeze_edition(edition: Edition) -> Edition:
    """Freeze `edition`: build its reader copy from the cases published now (and, for a final
    edition, its PDF/A-2a archive copy from the same HTML), store both with the case list and
    the changes, then mark it frozen. Later changes to the cases never reach it."""
    if edition.is_frozen:
        raise EditionFrozen(edition.number)
    options = render.BookOptions.for_edition(edition)
    book = render.build_book(options)
    archive = None
    if edition.kind == Edition.Kind.FINAL:
        archive, _pages = render.html_to_pdf(book.source.html, variant=render.ARCHIVE_VARIANT)
    _store_build(edition, book, archive=archive, freeze=True)
    edition.refresh_from_db()
    return edition


def freeze_earlier_editions(edition: Edition) -> int:
    """When a new edition starts, the earlier ones stay as they were last built."""
    return Edition.objects.filter(number__lt=edition.number, frozen_at=None).update(
        frozen_at=timezone.now()
    )


def rebuild_current_edition(*, force: bool = False) -> Edition | None:
    """Bring the newest edition's PDF up to date, if it is not frozen. The background task."""
    edition = current_edition()
    if edition is None or edition.is_frozen:
        return None
    build_edition(edition, force=force)
    return edition


@transaction.atomic
def _store_build(edition, book, *, archive: bytes | None = None, freeze: bool = False):
    stem = f"kokebok-{edition.number}"
    name, digest = store_pdf(book.pdf, stem=stem)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.is_frozen:
        pdf_path(name).unlink(missing_ok=True)
        raise EditionFrozen(edition.number)
    if locked.pdf_file != name:
        _remove_later(locked.pdf_file)
    locked.pdf_file, locked.pdf_sha256, locked.pdf_size = name, digest, len(book.pdf)
    locked.pdf_pages = book.pages
    locked.built_at = timezone.now()
    locked.content_fingerprint = book.source.fingerprint
    locked.build_report = book.report
    locked.changes = book.source.changes
    if archive is not None:
        archive_name, archive_digest = store_pdf(archive, stem=f"{stem}-arkiv")
        locked.archive_file, locked.archive_sha256 = archive_name, archive_digest
    if freeze:
        locked.frozen_at = timezone.now()
    locked.save()
    EditionCase.objects.filter(edition=locked).delete()
    EditionCase.objects.bulk_create(
        EditionCase(
            edition=locked,
            submission_id=case.submission_id,
            public_id=case.public_id,
            position=position,
            title=case.title,
            chapter=case.chapter,
            fingerprint=case.fingerprint,
            contacts_shown=case.contacts_shown,
        )
        for position, case in enumerate(book.source.cases, start=1)
    )
    logger.info(
        "book_built edition=%s pages=%s cases=%s omitted=%s sha256=%s",
        edition.number,
        book.pages,
        len(book.source.cases),
        len(book.source.omitted),
        digest,
    )


# --- Rebuilding in the background ---


def schedule_rebuild(*, raw: bool = False, **_signal_kwargs) -> None:
    """Rebuild the current edition after the transaction commits, once however many changes
    it made. Receiver of `public_content_changed` and of changes to themes and tools.

    Not for raw saves: loading a backup restores the stored PDF as it was."""
    if raw or _rebuild_already_scheduled():
        return
    transaction.on_commit(enqueue_rebuild)


def _rebuild_already_scheduled() -> bool:
    return any(
        getattr(entry[1], "__name__", "") == "enqueue_rebuild"
        for entry in getattr(connection, "run_on_commit", [])
        if isinstance(entry, tuple) and len(entry) >= 2
    )


def enqueue_rebuild() -> None:
    from book.tasks import rebuild_book  # book.tasks imports this module

    rebuild_book.enqueue()
