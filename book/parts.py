"""The book rendered in parts, each part's PDF written and its layout freed before the next.

WeasyPrint keeps the layout boxes and computed styles of every page until the PDF is written:
the 500-case book in one go peaked at 1.2 GiB (bench/README.md). The book's HTML marks where
each part begins (PART_MARK in templates/book/book.html: the front matter, each chapter, the
recipes, the toolbox, the readers' input, the index); each part is rendered alone with the
book's <head>, numbered on from the part before it, and book/join.py joins the PDFs into one.

A page reference (`target-counter`) to another part cannot be resolved by WeasyPrint, so it is
written in: the link becomes `kokebok-part:<anchor>` with the page in `data-page`, which
static/book/book.css prints instead, and the join turns the link into one to the named
destination. The references point back (contents and openers aside: recipes, input and index
cite the chapters), so the chapters come first, then the parts that cite them; the front
matter's contents cite everything, so it is rendered once with placeholder numbers to learn its
length, and last with the real ones (if that changes its length, the body is numbered again).
"""

import logging
import re
from dataclasses import dataclass

from book.join import PART_SCHEME, join_parts

logger = logging.getLogger("kokebok.book")

PART_MARK = "<!--kokebok-part-->"
# Placeholder page numbers in the first rendering of the contents: the width of a page number
# of a book of 100 to 999 pages (the digits of the book's fonts are all as wide).
PLACEHOLDER = "888"
_ID = re.compile(r'\bid="([^"]+)"')
_LOCAL_LINK = re.compile(r'(<a\b[^>]*?\bhref=")#([^"]+)"')


@dataclass
class Part:
    body: str
    ids: set

    @classmethod
    def of(cls, body: str) -> "Part":
        return cls(body=body, ids=set(_ID.findall(body)))


def split_book(html: str) -> tuple[str, list[Part], str]:
    """The book's HTML as (what precedes the parts, the parts, what follows them)."""
    head, _mark, rest = html.partition(PART_MARK)
    bodies = rest.split(PART_MARK)
    last, tail_start = bodies[-1], bodies[-1].rfind("</body>")
    if tail_start < 0:
        return head, [Part.of(body) for body in bodies if body.strip()], ""
    bodies[-1], tail = last[:tail_start], last[tail_start:]
    return head, [Part.of(body) for body in bodies if body.strip()], tail


def with_pages(part: Part, pages: dict, every_id: set, *, placeholder: str = "") -> str:
    """The part's HTML with each link to another part's anchor made a `kokebok-part:` link
    and, for any link, the page written in when known (`pages`) or `placeholder` given."""

    def rewrite(match: re.Match) -> str:
        name = match.group(2)
        if name not in every_id:
            return match.group(0)
        page = str(pages[name]) if name in pages else placeholder
        written = f' data-page="{page}"' if page else ""
        href = f"#{name}" if name in part.ids else f"{PART_SCHEME}{name}"
        return f'{match.group(1)}{href}"{written}'

    return _LOCAL_LINK.sub(rewrite, part.body)


def pdf_in_parts(html: str, *, to_pdf, variant: str) -> tuple[bytes, int]:
    """The book's HTML (book/book.html) as one PDF, rendered part by part and joined.

    `to_pdf`: book.render.html_to_pdf, which renders one HTML (passed in: render imports this).
    """
    head, parts, tail = split_book(html)
    if len(parts) < 2:
        return to_pdf(html, variant=variant)
    front, body = parts[0], parts[1:]
    every_id = set().union(*(part.ids for part in parts))
    # Every number written in, its own too: WeasyPrint then lays the contents out once, not
    # again for each `target-counter` to a later page.
    draft = head + with_pages(front, {}, every_id, placeholder=PLACEHOLDER) + tail
    front_anchors: dict = {}
    _pdf, front_pages = to_pdf(draft, variant=variant, write=False, anchors=front_anchors)
    for _attempt in range(3):
        anchors = dict(front_anchors)
        pdfs, next_page = [], front_pages + 1
        for part in body:
            part_html = head + with_pages(part, anchors, every_id) + tail
            pdf, pages = to_pdf(part_html, variant=variant, first_page=next_page, anchors=anchors)
            pdfs.append(pdf)
            next_page += pages
        front_html = head + with_pages(front, anchors, every_id) + tail
        written, front_anchors = front_anchors, {}
        front_pdf, pages = to_pdf(front_html, variant=variant, anchors=front_anchors)
        if pages == front_pages and front_anchors == written:
            return join_parts([front_pdf, *pdfs]), next_page - 1
        front_pages = pages
    # Never seen: a contents page that wraps differently with every numbering. The book is
    # still made, in one go, at the memory that costs.
    logger.warning("book_parts_unsettled front_pages=%s rendering=whole", front_pages)
    return to_pdf(html, variant=variant)
