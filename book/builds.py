"""Building, storing and freezing the editions' PDF files. Never called inside a request that
a reader waits for: the management command and the background tasks (book.tasks) call these."""

import contextlib
import hashlib
import logging
import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from book import render
from book.models import Edition, EditionCase
from common import slots

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
    so the file being served is never the one being written. Old files no edition names any
    more are removed first (see _remove_old_files).
    """
    digest = hashlib.sha256(data).hexdigest()
    directory = book_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{stem}-{digest[:16]}.pdf"
    with _folder_locked(directory):
        _remove_old_files(directory)
        write_atomically(data, directory / name)
    return name, digest


def write_atomically(data: bytes, path: Path) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over
    `path`: a reader opens either no file or the whole one. The single-case PDFs too."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _folder_locked(directory: Path):
    """One build at a time between cleaning the folder and writing to it, across processes,
    waiting as long as it takes (common.slots: released when its process dies).

    Otherwise an old, unused file could be written again by another build (same content, same
    name) between the cleaning's look at it and its deletion, and the edition would then name a
    file that is gone.
    """
    with slots.slot(directory, name=".folder", wait=None):
        yield


# Writing a PDF takes well under a second, and a reader who looked up an edition's file name
# opens it at once: a file no edition names and untouched for this long is no one's any more.
KEEP_UNUSED_FILES = timedelta(hours=1)


def _remove_old_files(directory: Path) -> None:
    """Delete the files no edition names that have not been touched for KEEP_UNUSED_FILES:
    temporary files a killed worker left, and files a build superseded (marked when superseded,
    so a reader who read the old row just before still finds the file)."""
    cutoff = time.time() - KEEP_UNUSED_FILES.total_seconds()
    in_use = _files_in_use()
    for path in directory.glob("*.pdf"):  # pathlib's glob includes the ".partial-" files
        if path.name in in_use:
            continue
        with contextlib.suppress(FileNotFoundError):  # another build may have removed it
            if path.stat().st_mtime < cutoff:
                path.unlink()


def _files_in_use() -> set[str]:
    names = Edition.objects.values_list("pdf_file", "archive_file")
    return {name for pair in names for name in pair if name}


def _mark_superseded(name: str) -> None:
    """Start the file's hour of grace now: its modification time is when it was superseded."""
    if name:
        with contextlib.suppress(FileNotFoundError):
            os.utime(pdf_path(name))


# --- Building ---


def build_edition(edition: Edition, *, force: bool = False) -> bool:
    """Build `edition`'s reader PDF from the cases published now, unless its HTML is the same
    as last time (then nothing is rendered).

    In order: renders the HTML and compares its fingerprint with the stored one; renders the
    PDF; writes the file atomically; in one transaction, stores the file's name, hash, time,
    fingerprint and build report, replaces the edition's list of printed cases, records the
    changes since the previous edition and marks the superseded file (kept for readers who
    are about to open it, removed by a later build). Returns whether a new PDF was stored.
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
        archive, _pages = render.book_pdf(book.source.html, variant=render.ARCHIVE_VARIANT)
    _store_build(edition, book, archive=archive, freeze=True)
    edition.refresh_from_db()
    return edition


def open_editions():
    """The editions a change to the cases rebuilds, the one readers get first: a published
    edition keeps following the site until a newer one is published."""
    return Edition.objects.unfrozen().order_by(F("published_at").desc(nulls_last=True), "-number")


def rebuild_open_editions(*, force: bool = False) -> list[Edition]:
    """Bring every edition that is not frozen up to date. The background task."""
    editions = list(open_editions())
    for edition in editions:
        with contextlib.suppress(EditionFrozen):  # frozen meanwhile: it keeps what it has
            build_edition(edition, force=force)
    return editions


@transaction.atomic
def _store_build(edition, book, *, archive: bytes | None = None, freeze: bool = False):
    stem = f"kokebok-{edition.number}"
    name, digest = store_pdf(book.pdf, stem=stem)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.is_frozen:
        # The new file is left to _remove_old_files: with the same content it may well be the
        # name the frozen edition serves.
        raise EditionFrozen(edition.number)
    if locked.pdf_file != name:
        _mark_superseded(locked.pdf_file)
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
