"""One published case as a PDF for readers: /eksempler/<slug>.pdf, linked from its web page.

The case is laid out as the book prints it (`render.case_alone`: book/_case.html, book.css and
the book's consent rule for contact people), under a small header in place of the cover
(templates/book/case_alone.html), tagged PDF/UA-1 with the case's title as the document's.

The header is in the reader's language (/eksempler/…, /nn/eksempler/…, /en/eksempler/…): its
fixed words and the case's address; the case itself stays as the book prints it.

Built on the first request and kept as MEDIA_ROOT/book/eksempler/<id>-<language>-<hash>.pdf, the
hash being of the HTML: anything readers could see change in it (text, a consent, a theme, the
book's title) names another file, and storing one removes the case's older ones in its
language. An announced change of a case (`public_content_changed`) removes its files in every
language at once, so nothing of a withdrawn case or a withdrawn consent stays behind; and only
a case published now is served at all, so even a file left by a write that announced nothing is
never served for a case that is not.

Which file serves a case is remembered in the cache per publication generation and language,
so a request for a file already built costs two queries and renders nothing. Building is
bounded: one build at a time on the machine (a slot of common.slots, so a burst for many cases
leaves the other worker free for pages), a request waits at most BUILD_WAIT for it, and each
client's builds are counted in the hourly limits (scope "case_pdf").
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

import publisher
from book import builds, render, services
from book.models import DEFAULT_TITLE
from book.text import break_long_words
from common import slots
from common.abuse import limit_hit
from publishing.cache import PAGE_TIMEOUT, current_generation
from submissions.models import Submission

logger = logging.getLogger("kokebok.book")

# An ordinary case takes about half a second to build: a request waits this long for another
# build to finish before it is asked to try again (503), holding its worker meanwhile.
BUILD_WAIT = 3.0
_POLL = 0.1
# The slot's file in case_dir() (common.slots: one at a time on the machine, across workers).
BUILD_SLOT = ".build"


class CaseNotPublished(Exception):
    """The case is not (or no longer) published: readers get 404."""


class BuildLimited(Exception):
    """This client has caused too many builds in the last hour (429)."""


class BuildBusy(Exception):
    """Another build held the machine's one build slot for longer than BUILD_WAIT (503)."""


@dataclass
class CasePdf:
    file: object  # open for reading, binary
    etag: str  # the language and the hash of the HTML it was built from


def case_dir() -> Path:
    return builds.book_dir() / "eksempler"


def published_case_id(slug: str) -> int | None:
    """The id of the case published at `slug` now, in one query."""
    return Submission.objects.published().filter(slug=slug).values_list("pk", flat=True).first()


def open_case_pdf(case_id: int, *, language: str, request) -> CasePdf:
    """The PDF of published case `case_id` in `language`, opened: the one
    remembered for this publication, else the stored one for its HTML, else a new build
    (counted for the client of `request`).

    Raises CaseNotPublished, BuildLimited, BuildBusy or render.BookBuildFailed.
    """
    # Read before the case, like the page cache: a build meanwhile stores new content under
    # the old number (harmless), never old content under the new one.
    memo = f"book:case-pdf:{current_generation()}:{case_id}:{language}"
    remembered = cache.get(memo)
    if remembered and (opened := _open(remembered)):
        return opened
    if cache.get(f"{memo}:failed"):  # it failed this publication: not again for every reader
        raise render.BookBuildFailed(f"case {case_id} failed before")
    html = case_html(case_id, language=language)
    name = f"{case_id}-{language}-{hashlib.sha256(html.encode()).hexdigest()[:32]}.pdf"
    opened = _open(name)
    if opened is None:
        try:
            _build(html, name, request=request)
        except render.BookBuildFailed:
            cache.set(f"{memo}:failed", True, PAGE_TIMEOUT)
            raise
        opened = _open(name)
    if opened is None:  # removed by an announcement at this very moment: the next one builds
        raise BuildBusy(case_id)
    cache.set(memo, name, PAGE_TIMEOUT)
    return opened


def case_html(case_id: int, *, language: str = render.BOOK_LANGUAGE) -> str:
    """The document for published case `case_id` as readers see it: the case as the book
    prints it, its labels in `language`, under a header in that language naming the case's
    address in that language."""
    cases = Submission.objects.published().filter(pk=case_id)
    options = render.BookOptions(theme=_theme_slug(cases), language=language)
    parts = render.case_alone(cases, options)
    if not parts.chapters:
        raise CaseNotPublished(case_id)
    case = parts.chapters[0].cases[0]
    edition = services.served_edition()
    with translation.override(language):
        context = {
            "case": case,
            "fragment": break_long_words(parts.fragments[case.pk]),
            "language": language,
            "book_language": render.BOOK_LANGUAGE,
            "book_title": edition.title if edition else DEFAULT_TITLE,
            "author": publisher.current().display_name,
            "web_url": settings.SITE_URL + reverse("publishing:case", args=[case.slug]),
        }
        return render_to_string("book/case_alone.html", context)


def _theme_slug(cases) -> str | None:
    # The case's chapter only: the parts' toolbox and input are not printed, so load few.
    return cases.values_list("main_theme__slug", flat=True).first()


def _open(name: str) -> CasePdf | None:
    try:
        file = (case_dir() / name).open("rb")
    except FileNotFoundError:
        return None
    return CasePdf(file=file, etag=name.removesuffix(".pdf").split("-", 1)[1])


def _build(html: str, name: str, *, request) -> None:
    if limit_hit(request, "case_pdf"):
        raise BuildLimited(name)
    directory = case_dir()
    with slots.slot(directory, name=BUILD_SLOT, wait=BUILD_WAIT, poll=_POLL) as taken:
        if not taken:
            raise BuildBusy(name)
        path = directory / name
        if path.is_file():  # built by another request while this one waited
            return
        started = time.perf_counter()
        pdf = render.case_alone_pdf(html)
        builds.write_atomically(pdf, path)
        case_id, language, _hash = name.split("-", 2)
        _remove_files(f"{case_id}-{language}", keep=name)  # the other languages' stay
        logger.info(
            "case_pdf_built submission=%s bytes=%s seconds=%.2f",
            case_id,
            len(pdf),
            time.perf_counter() - started,
        )


def _remove_files(prefix: str, *, keep: str = "") -> None:
    """Delete the files named `prefix`-…: a case's (its id) or a case's in one language."""
    for path in case_dir().glob(f"{prefix}-*.pdf"):
        if path.name != keep:
            path.unlink(missing_ok=True)


def remove_changed(submission_ids=(), **_signal_kwargs) -> None:
    """Delete the stored PDFs of the cases whose public content changed (withdrawn, edited, a
    consent taken back). Receiver of `common.announcements.public_content_changed`."""
    if not case_dir().is_dir():
        return
    for case_id in submission_ids:
        _remove_files(str(int(case_id)))
