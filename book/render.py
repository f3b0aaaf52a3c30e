"""The book as HTML, then as PDF.

`build_book(edition_or_options)` is the thin interface: it returns the PDF with what the build
report needs. WeasyPrint is imported inside the functions that use it
(importing it takes a second and needs Pango), so nothing else pays for it.

Every case is rendered to HTML on its own, and a case whose template fails is left out and
reported. WeasyPrint renders the book once, in parts joined into one PDF (book/parts.py, to keep
its memory under 1 GiB at 500 cases); only if that fails is each case rendered alone to find the
ones that break it, which are left out, and the book is rendered again (bench/book.py).
"""

import datetime as dt
import functools
import gc
import hashlib
import json
import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

import publisher
from book import layout, selectors
from book.changes import changes_since
from book.models import DEFAULT_TITLE, Edition
from book.pdf_tags import add_passage_languages
from book.recipes import printed_recipes
from book.text import FIELD_MAX_CHARS, book_markdown, break_long_words
from common.templatetags.kokebok_tags import reader_text

logger = logging.getLogger("kokebok.book")

# PDF/UA-1 (tagged, accessible) for readers; PDF/A-2a (archival, also tagged) for the archive
# copy of a final edition. Both are in weasyprint.pdf.VARIANTS of WeasyPrint 70.
READER_VARIANT = "pdf/ua-1"
ARCHIVE_VARIANT = "pdf/a-2a"
STYLESHEET = "book/book.css"
BOOK_LANGUAGE = "nb"
PROTOTYPE_MARK = "PROTOTYPE"
DRAFT_MARK = "UTKAST"


class BookBuildFailed(Exception):
    """The book could not be rendered even without the cases that fail on their own."""


@dataclass
class BookOptions:
    """Everything that decides what the book looks like, apart from the cases themselves."""

    title: str = DEFAULT_TITLE
    subtitle: str = ""
    number: int | None = None
    kind: str = Edition.Kind.PROTOTYPE
    date: dt.date | None = None
    foreword: str = ""
    introduction: str = ""
    grouping: str = Edition.Grouping.THEME
    # Approved but unpublished cases too, marked "UTKAST" on every page.
    draft: bool = False
    # Only the chapter of this theme (slug).
    theme: str | None = None
    variant: str = READER_VARIANT
    # The language of the cases' labels (facts, questions, themes): the book's, or a reader's
    # for the PDF of one case.
    language: str = BOOK_LANGUAGE
    # The previous edition's number and printed cases {public_id: {"title", "fingerprint"}}.
    previous_number: int | None = None
    previous_cases: dict = field(default_factory=dict)

    @classmethod
    def for_edition(cls, edition: Edition, **overrides) -> "BookOptions":
        previous = Edition.objects.filter(number__lt=edition.number).order_by("-number").first()
        values = {
            "title": edition.title,
            "subtitle": edition.subtitle,
            "number": edition.number,
            "kind": edition.kind,
            "date": edition.date,
            "foreword": edition.foreword,
            "introduction": edition.introduction,
            "grouping": edition.grouping,
        }
        if previous is not None:
            values["previous_number"] = previous.number
            values["previous_cases"] = {
                str(entry.public_id): {"title": entry.title, "fingerprint": entry.fingerprint}
                for entry in previous.cases.all()
            }
        values.update(overrides)
        return cls(**values)

    @property
    def watermark(self) -> str:
        if self.draft:
            return DRAFT_MARK
        return PROTOTYPE_MARK if self.kind == Edition.Kind.PROTOTYPE else ""


@dataclass
class PrintedCase:
    """What the frozen list of an edition keeps of one printed case."""

    submission_id: int
    public_id: str
    title: str
    chapter: str
    fingerprint: str
    contacts_shown: list[int]


@dataclass
class BookSource:
    """The book's HTML and what went into it."""

    html: str
    cases: list[PrintedCase]
    omitted: list[dict]
    changes: dict

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.html.encode()).hexdigest()


@dataclass
class RenderedBook:
    pdf: bytes
    pages: int
    source: BookSource
    seconds: float
    report: dict = field(default_factory=dict)


# --- The interface ---


def build_book(edition_or_options, *, prepared=None) -> RenderedBook:
    """Render the book; cases that fail alone are left out and listed in `report["omitted"]`.

    `prepared` is the (parts, source) pair of prepare_parts() and assemble() when the caller
    already has them (to compare fingerprints before rendering).
    """
    started = time.perf_counter()
    options = _options(edition_or_options)
    if prepared is None:
        parts = prepare_parts(options)
        source = assemble(parts, options)
    else:
        parts, source = prepared
    try:
        pdf, pages = book_pdf(source.html, variant=options.variant)
    except Exception:
        logger.exception("book_render_failed cases=%s retry=each_case_alone", len(source.cases))
        parts = _without_failing_cases(parts, options)
        source = assemble(parts, options)
        try:
            pdf, pages = book_pdf(source.html, variant=options.variant)
        except Exception as error:
            raise BookBuildFailed(str(error)) from error
    seconds = time.perf_counter() - started
    report = {
        "cases": len(source.cases),
        "pages": pages,
        "seconds": round(seconds, 2),
        "omitted": source.omitted,
    }
    for omitted in source.omitted:
        # The error's text may quote the case; the log gets its kind only (ids, never text).
        kind = omitted["error"].split(":", 1)[0]
        logger.error("book_case_omitted submission=%s error=%s", omitted["id"], kind)
    return RenderedBook(pdf=pdf, pages=pages, source=source, seconds=seconds, report=report)


def render_case_pages(submission) -> bytes:
    """One case's pages as they will look in the book, marked as a draft: the editors' preview.

    Raises BookBuildFailed if the case cannot be rendered.
    """
    options = BookOptions(draft=True)
    parts = case_alone(type(submission).objects.filter(pk=submission.pk), options)
    html = _render_document(options, parts, front_matter=False, back_matter=False)
    return case_alone_pdf(html, variant=options.variant)


def case_alone(cases, options: BookOptions) -> "BookParts":
    """The book's parts for one case on its own (`cases`: a queryset of that one case, the
    editors' latest text or the readers' published one). Raises BookBuildFailed if the case
    cannot be rendered. Also the readers' PDF of one case (book/case_pdf.py)."""
    parts = prepare_parts(options, cases=list(selectors.with_book_data(cases)))
    if parts.omitted:
        raise BookBuildFailed(parts.omitted[0]["error"])
    return parts


def case_alone_pdf(html: str, *, variant: str = READER_VARIANT) -> bytes:
    """One case's HTML as a PDF; any failure of WeasyPrint is a BookBuildFailed."""
    try:
        return html_to_pdf(html, variant=variant)[0]
    except Exception as error:
        raise BookBuildFailed(f"{type(error).__name__}: {error}") from error


# --- HTML ---


@dataclass
class BookParts:
    chapters: list
    fragments: dict  # submission pk -> the case's HTML
    printed: dict  # submission pk -> PrintedCase
    omitted: list[dict]
    tools: list
    index: list
    # The readers' approved input: (input, its text as HTML, the editors' answer as HTML).
    inputs: list = field(default_factory=list)
    inputs_total: int = 0
    # The published recipes (recipes.models.Recipe), in the forms' order.
    recipes: list = field(default_factory=list)


def prepare_parts(options: BookOptions, *, cases=None) -> BookParts:
    """Load the cases and render each one's pages to HTML on its own."""
    if cases is None:
        cases = list(selectors.book_cases(draft=options.draft, theme=options.theme))
    fragments, printed, omitted = {}, {}, []
    with translation.override(options.language):
        for case in cases:
            try:
                fragments[case.pk], printed[case.pk] = _render_case(case)
            except Exception as error:
                omitted.append(_omission(case, error))
        kept = [case for case in cases if case.pk in fragments]
        recipes = selectors.book_recipes()
        tools = [
            (tool, book_markdown(tool.description))
            for tool in selectors.toolbox(theme=options.theme)
        ]
    # Input is never a draft: the editors' preview shows only what readers see on the web.
    inputs = selectors.book_inputs(theme=options.theme)
    return BookParts(
        chapters=_chapters(kept, options, recipes),
        fragments=fragments,
        printed=printed,
        omitted=omitted,
        tools=tools,
        index=selectors.county_index(kept),
        inputs=[_printed_input(item) for item in inputs.items],
        inputs_total=inputs.total,
        recipes=recipes,
    )


def _chapters(cases, options: BookOptions, recipes) -> list:
    """By theme, or by form of collaboration as the edition chooses (form names in Bokmål)."""
    if options.grouping == Edition.Grouping.FORM:
        with translation.override(BOOK_LANGUAGE):
            return selectors.chapters_by_form(cases, recipes)
    return selectors.chapters_of(cases)


def assemble(parts: BookParts, options: BookOptions) -> BookSource:
    # The chapter each case is printed in: its theme, or its form of collaboration.
    printed = [
        replace(parts.printed[case.pk], chapter=chapter.theme.name if chapter.theme else "")
        for chapter in parts.chapters
        for case in chapter.cases
    ]
    changes = changes_since(
        options.previous_cases, printed, previous_number=options.previous_number
    )
    html = _render_document(options, parts, changes=changes)
    return BookSource(html=html, cases=printed, omitted=parts.omitted, changes=changes)


def _render_case(case) -> tuple[str, PrintedCase]:
    contacts = selectors.book_contacts(case)
    context = {
        "case": case,
        "contacts": contacts,
        "photo_url": _photo_url(case),
        "web_url": _web_url(case),
        **layout.case_context(case),
    }
    html = render_to_string("book/_case.html", context)
    snapshot = {
        "title": case.title,
        "summary": case.summary,
        "answers": [(a.question.text, a.text) for a in case.answers.all()],
        "link": case.link,
        "photo": case.photo.name if case.photo else "",
        "photo_alt": case.photo_alt,
        "municipalities": [m.number for m in case.municipalities.all()],
        "enterprises": [(e.name, e.org_number, e.website) for e in case.enterprises.all()],
        "contacts": [(p.name, p.role, p.email, p.phone) for p in contacts],
        "form": str(case.collaboration_form_display),
    }
    # What the facts box and the caption added, only when there is any: the fingerprints of
    # cases without it stay those of earlier editions (else all would be listed as changed).
    snapshot.update(layout.printed_extras(case))
    fingerprint = hashlib.sha256(json.dumps(snapshot, sort_keys=True).encode()).hexdigest()
    entry = PrintedCase(
        submission_id=case.pk,
        public_id=str(case.public_id),
        title=case.title,
        chapter=case.main_theme.name if case.main_theme else "",
        fingerprint=fingerprint,
        contacts_shown=[person.pk for person in contacts],
    )
    return mark_safe(html), entry  # noqa: S308 (a template's output: escaped already)


def _printed_input(item) -> tuple:
    """A reader's input as /innspill/ shows it: plain text escaped, only line breaks and
    nofollow links kept (the web's reader_text), capped like every other field of the book."""
    answer = item.answer.strip()
    return (
        item,
        reader_text(item.text[:FIELD_MAX_CHARS]),
        reader_text(answer[:FIELD_MAX_CHARS]) if answer else "",
    )


def _omission(case, error: BaseException) -> dict:
    return {"id": case.pk, "title": case.title, "error": f"{type(error).__name__}: {error}"[:500]}


def _photo_url(case) -> str:
    """A file: URL the fetcher allows (under MEDIA_ROOT/photos), or nothing.

    A photo without alt text is left out: every image in a tagged (PDF/UA) book is described.
    """
    if not case.photo or not case.photo_alt.strip():
        return ""
    try:
        path = Path(case.photo.path).resolve()
    except (NotImplementedError, ValueError):
        return ""
    if not path.is_file() or not path.is_relative_to(photo_root()):
        return ""
    return path.as_uri()


def _web_url(case) -> str:
    if not (case.is_public and case.slug):
        return ""
    return settings.SITE_URL + reverse("publishing:case", args=[case.slug])


def _render_document(options, parts, *, changes=None, front_matter=True, back_matter=True) -> str:
    # The book is a Bokmål publication: its headings ("Innhold", "Verktøykasse", ...) are
    # Bokmål text in the template, not translated strings.
    context = {
        "options": options,
        # The book is in Bokmål: the publisher's Bokmål name (cover, colophon, PDF metadata).
        "author": publisher.current().name,
        "publisher": publisher.current(),
        "chapters": [
            (chapter, [parts.fragments[c.pk] for c in chapter.cases]) for chapter in parts.chapters
        ],
        "foreword": book_markdown(options.foreword) if front_matter else "",
        "introduction": book_markdown(options.introduction) if front_matter else "",
        "changes": changes or {},
        "tools": parts.tools if back_matter else [],
        "recipes": printed_recipes(
            parts.recipes, parts.chapters, only_with_examples=bool(options.theme)
        )
        if back_matter
        else [],
        "inputs": parts.inputs if back_matter else [],
        "inputs_total": parts.inputs_total,
        # Input about a case in this book links to its pages; other input names it only.
        "printed_ids": {case.pk for chapter in parts.chapters for case in chapter.cases},
        "index": parts.index if back_matter else [],
        "front_matter": front_matter,
        "back_matter": back_matter,
    }
    with translation.override(BOOK_LANGUAGE):
        context["inputs_url"] = settings.SITE_URL + reverse("participation:inputs")
        return break_long_words(render_to_string("book/book.html", context))


def _options(edition_or_options) -> BookOptions:
    if isinstance(edition_or_options, BookOptions):
        return edition_or_options
    if isinstance(edition_or_options, Edition):
        return BookOptions.for_edition(edition_or_options)
    raise TypeError(f"Expected an Edition or BookOptions, got {type(edition_or_options).__name__}")


def _without_failing_cases(parts: BookParts, options: BookOptions) -> BookParts:
    """Render each case alone; leave out those that fail and say why."""
    failing: dict[int, BaseException] = {}
    for chapter in parts.chapters:
        for case in chapter.cases:
            chapters = [selectors.Chapter(chapter.theme, [case])]
            alone = BookParts(chapters, parts.fragments, parts.printed, [], [], [])
            try:
                html_to_pdf(
                    _render_document(options, alone, front_matter=False, back_matter=False),
                    variant=options.variant,
                )
            except Exception as error:
                failing[case.pk] = error
    omitted = parts.omitted + [
        _omission(case, failing[case.pk])
        for chapter in parts.chapters
        for case in chapter.cases
        if case.pk in failing
    ]
    kept = [case for chapter in parts.chapters for case in chapter.cases if case.pk not in failing]
    chapters = _chapters(kept, options, parts.recipes)
    return replace(parts, chapters=chapters, omitted=omitted, index=selectors.county_index(kept))


# --- PDF ---


def asset_root() -> Path:
    """The folder of the book's stylesheet and fonts (static/book/)."""
    found = finders.find(STYLESHEET)
    if not found:
        raise BookBuildFailed(f"stylesheet {STYLESHEET} not found among the static files")
    return Path(found).resolve().parent


def photo_root() -> Path:
    return (Path(settings.MEDIA_ROOT) / "photos").resolve()


def make_fetcher():
    from book.fetcher import BookURLFetcher

    return BookURLFetcher([asset_root(), photo_root()])


def book_pdf(html: str, *, variant: str = READER_VARIANT) -> tuple[bytes, int]:
    """The whole book's HTML as a PDF: in parts (settings.BOOK_IN_PARTS) or in one go."""
    if settings.BOOK_IN_PARTS:
        from book.parts import pdf_in_parts

        # One stylesheet and font configuration for all the parts: parsed once.
        to_pdf = functools.partial(html_to_pdf, style=book_style())
        return pdf_in_parts(html, to_pdf=to_pdf, variant=variant)
    return html_to_pdf(html, variant=variant)


def book_style(fetcher=None) -> tuple:
    """(fetcher, font configuration, the book's stylesheet) for html_to_pdf."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = fetcher or make_fetcher()
    # The stylesheet's @font-face rules register the shipped fonts in this configuration.
    fonts = FontConfiguration()
    url = (asset_root() / Path(STYLESHEET).name).as_uri()
    return fetcher, fonts, CSS(url=url, url_fetcher=fetcher, font_config=fonts)


def html_to_pdf(html: str, *, variant=READER_VARIANT, fetcher=None, style=None, **part):
    """WeasyPrint on the book's HTML and stylesheet; every fetch goes through the fetcher.

    `part` (book/parts.py): `first_page`, the number of the first page, a left-hand page when
    even; `anchors`, a dict, gets the page number of each anchor; `write=False` lays out only.
    """
    from weasyprint import CSS, HTML

    add_passage_languages()
    fetcher, fonts, stylesheet = style or book_style(fetcher)
    stylesheets, first_page = [stylesheet], part.get("first_page", 1)
    if first_page != 1:
        side = "left" if first_page % 2 == 0 else "right"
        numbering = f"@page :first {{ counter-reset: page {int(first_page)} }}"
        stylesheets.append(CSS(string=f"{numbering} html {{ break-before: {side} }}"))
    options = {"stylesheets": stylesheets, "pdf_variant": variant}
    html = HTML(string=html, base_url=asset_root().as_uri() + "/", url_fetcher=fetcher)
    document = html.render(font_config=fonts, **options)
    for number, page in enumerate(document.pages, start=first_page):
        for name in page.anchors if "anchors" in part else ():
            part["anchors"].setdefault(name, number)
    # Layout leaves reference cycles of discarded boxes that Python's collector would free only
    # later: freed now, the PDF writer reuses their memory instead of adding to the peak
    # (bench/README.md: some 8 % of the peak at 100 cases, a fraction of a second).
    gc.collect()
    pdf = document.write_pdf(**options) if part.get("write", True) else b""
    return pdf, len(document.pages)
