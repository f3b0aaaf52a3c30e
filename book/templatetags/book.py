from django import template
from django.utils.html import format_html

from book.text import book_markdown
from publisher.logo import logo_data_url

register = template.Library()


@register.filter(name="book_markdown")
def book_markdown_filter(text):
    """{{ answer.text|book_markdown }}: capped, then rendered by publishing's render_markdown."""
    return book_markdown(text)


@register.filter
def cover_logo(publisher):
    """{{ publisher|cover_logo }}: the publisher's logo as a data: URL ("" without one): the
    book's URL fetcher serves data: URLs but nothing from the media folder's publisher/."""
    return logo_data_url(publisher)


@register.filter
def address_breaks(address):
    """{{ person.email|address_breaks }}: escaped, with an invisible break opportunity (U+200B,
    as book.text uses) after the "@", so a narrow box breaks there and not "example.n / o".
    (WeasyPrint 70 did not break at a <wbr> here, and draws its own <wbr> as U+200B too.) It
    has no glyph, so the PDF's text has none: a copied address is exactly the address
    (tests/book/test_design.py)."""
    local, at, domain = str(address).partition("@")
    return format_html("{}{}\u200b{}", local, at, domain) if at else address


@register.inclusion_tag("book/_download.html", takes_context=True)
def book_download(context, *, prominent=False):
    """{% book_download %}: the link to the current PDF book with its edition, date, pages and size.

    Nothing when no edition is published. One query per page, however often the page shows the
    link (it is kept on the request). Cached pages show a rebuilt book's new size once they are
    rendered again (a publication, or publishing.cache.PAGE_TIMEOUT at the latest).
    """
    from book.services import served_edition  # the services module loads the PDF renderer

    request = context.get("request")
    edition = getattr(request, "_kokebok_book_edition", False)
    if edition is False:
        edition = served_edition()
        if request is not None:
            request._kokebok_book_edition = edition
    return {"edition": edition, "prominent": prominent}
