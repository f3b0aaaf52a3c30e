"""The language switcher's links and a page's own address, built from the URL name and
arguments the request resolved to, never from the request's own path or Host: an address that
names no page links to the front page. Used by the context processor (every page) and by pages
that write their switcher into a frame kept between requests (publishing.frames)."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

# Each language named in itself, as people look for it in a switcher. Django's own local
# names ("norsk (bokmål)", "norsk (nynorsk)") are longer and do not say which is which at a glance.
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}
# A query string longer than this (search words and filters never are) is not carried over.
MAX_CARRIED_QUERY = 500


def language_links(request, *, same=True) -> list[dict]:
    """The switcher's links: to this page in each language, or with `same=False` (the 404 page)
    to the front page."""
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES.get(code, name),
            "url": same_page(request, code) if same else _home(code),
        }
        for code, name in settings.LANGUAGES
    ]


def same_page(request, language: str) -> str:
    """This page's address in `language`, with its query string re-encoded if it is short."""
    return page_path(request, language) + carried_query(request)


def carried_query(request) -> str:
    """ "?" and the request's query string re-encoded, if it has a short one; else nothing."""
    if len(request.META.get("QUERY_STRING", "")) > MAX_CARRIED_QUERY * 3:
        # Cannot re-encode within the bound ("%41" is the most a character shrinks from), so
        # not even parsed: one with more fields than Django reads would raise again on the 400
        # or 413 page that answers it.
        return ""
    query = request.GET.urlencode()
    return f"?{query}" if query and len(query) <= MAX_CARRIED_QUERY else ""


def page_path(request, language: str) -> str:
    """The path of the page the request resolved to, in `language`; else the front page's."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name:
        return _home(language)
    try:
        with translation.override(language):
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return _home(language)


def _home(language: str) -> str:
    with translation.override(language):
        return reverse("publishing:home")
