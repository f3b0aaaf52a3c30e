"""Build the PDF book.

manage.py build_cookbook --output FILE [--theme SLUG] [--draft]
    writes the book of all published cases (one theme's chapter; with --draft the approved
    cases too, marked UTKAST) to FILE, with the current edition's title and front matter.
manage.py build_cookbook [--force]
    brings the stored PDF of every edition that is not frozen (the published one readers get
    at /kokebok.pdf, and one being prepared) up to date, if the published content changed:
    what the background task does, for cron as a backstop.
"""

import logging
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from book import builds, render, services
from submissions.models import Theme


class TerminalProgress(logging.Handler):
    """WeasyPrint's progress steps on one terminal line."""

    def __init__(self, stream):
        super().__init__(logging.INFO)
        self.stream = stream

    def emit(self, record):
        self.stream.write(f"\r\033[K{record.getMessage()[:100]}", ending="")
        self.stream.flush()


class Command(BaseCommand):
    help = "Build the PDF book of the published cases."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Write the book to this file.")
        parser.add_argument("--theme", help="Only this theme's chapter (its slug).")
        parser.add_argument(
            "--draft", action="store_true", help="Include approved cases; mark pages UTKAST."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Rebuild the editions that are not frozen even if unchanged.",
        )

    def handle(self, *args, output=None, theme=None, draft=False, force=False, **options):
        if theme and not Theme.objects.filter(slug=theme).exists():
            raise CommandError(f"No theme with the slug {theme!r}.")
        if output is None and (theme or draft):
            raise CommandError("--theme and --draft need --output: the stored book has it all.")
        with self._progress():
            if output is None:
                return self._rebuild(force=force)
            return self._write(output, theme=theme, draft=draft)

    def _write(self, output: Path, *, theme, draft):
        edition = services.current_edition()
        overrides = {"theme": theme, "draft": draft}
        options = (
            render.BookOptions.for_edition(edition, **overrides)
            if edition
            else render.BookOptions(**overrides)
        )
        try:
            book = render.build_book(options)
        except render.BookBuildFailed as error:
            raise CommandError(f"The book could not be rendered: {error}") from error
        _write_atomically(output, book.pdf)
        self._report(book.report)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(book.pdf) // 1024} KB)."))

    def _rebuild(self, *, force):
        if services.current_edition() is None:
            raise CommandError("There is no edition yet: create one in the admin first.")
        editions = list(builds.open_editions())
        if not editions:
            self.stdout.write("Every edition is frozen; nothing to build.")
        for edition in editions:
            self._build(edition, force=force)

    def _build(self, edition, *, force):
        try:
            built = builds.build_edition(edition, force=force)
        except builds.EditionFrozen:
            self.stdout.write(f"Edition {edition.number} was frozen meanwhile; left as it is.")
            return
        if not built:
            self.stdout.write(f"Edition {edition.number} is up to date.")
            return
        edition.refresh_from_db()
        self._report(edition.build_report)
        self.stdout.write(
            self.style.SUCCESS(f"Built edition {edition.number}: {edition.pdf_file}.")
        )

    def _report(self, report: dict):
        self.stdout.write(
            f"{report['cases']} cases, {report['pages']} pages, {report['seconds']} s."
        )
        for item in report["omitted"]:
            self.stderr.write(
                self.style.WARNING(f"Left out case {item['id']} ({item['title']}): {item['error']}")
            )

    def _progress(self):
        return _ProgressOnTerminal(self.stdout)


class _ProgressOnTerminal:
    def __init__(self, stdout):
        self.stdout = stdout
        self.handler = None
        self.logger = logging.getLogger("weasyprint.progress")

    def __enter__(self):
        if self.stdout.isatty():
            self.handler = TerminalProgress(self.stdout)
            self.logger.addHandler(self.handler)
            self.saved = (self.logger.level, self.logger.propagate)
            self.logger.setLevel(logging.INFO)
            self.logger.propagate = False
        return self

    def __exit__(self, *exc):
        if self.handler:
            self.logger.removeHandler(self.handler)
            self.logger.setLevel(self.saved[0])
            self.logger.propagate = self.saved[1]
            self.stdout.write("\r\033[K", ending="")


def _write_atomically(path: Path, data: bytes) -> None:
    directory = path.resolve().parent
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
