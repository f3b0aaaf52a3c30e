"""The one way submitters' text becomes HTML, for the web pages, the feeds and the book.

Submitters may format with Markdown: paragraphs, line breaks, lists, links, emphasis, quotes and
inline code. Nothing else of what they type becomes markup. Two layers: the parser is set up to
produce only those elements (raw HTML off, images and headings off, nesting capped: ~140 nested
blockquotes raise RecursionError in WeasyPrint and abort the whole render), and nh3 then removes
whatever else might get through, keeping only http(s) and mailto links.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Far above the longest answer the forms accept (20,000), so only abuse is cut.
MAX_INPUT_CHARS = 50_000
MAX_NESTING = 20

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "a", "em", "strong", "blockquote", "code"}
# Block and inline rules whose output we would not keep anyway; with them off the text shows as
# typed ("# Title" stays a line of text) instead of losing its markup silently.
DISABLED_RULES = ["image", "heading", "lheading", "code", "fence", "hr", "table", "strikethrough"]

_parser = MarkdownIt(
    "js-default", {"html": False, "linkify": False, "breaks": True, "maxNesting": MAX_NESTING}
).disable(DISABLED_RULES)

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    # "*": no attribute on every tag (nh3 would otherwise keep title and lang everywhere).
    attributes={"*": set(), "a": {"href"}, "ol": {"start"}},
    url_schemes={"http", "https", "mailto"},
    url_relative="deny",
    link_rel="nofollow ugc noopener",
    strip_comments=True,
)


def render_markdown(text: str) -> SafeString:
    """Submitted Markdown as sanitised HTML, safe to put in a page as it is."""
    html = _parser.render((text or "")[:MAX_INPUT_CHARS])
    return mark_safe(_cleaner.clean(html))  # noqa: S308 (nh3 has just cleaned it)
