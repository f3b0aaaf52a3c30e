"""A search the slots would refuse, refused before Django sees it.

Under a burst of different searches most are refused (publishing/search_slots.py), and whoever
is refused may ask again at once (a script does; wrk does). Answered by Django, each refusal
costs about as much as a cached page, most of it the middleware and the URL's resolving, so the
refusals crowded out the very pages the slots keep a worker for. This WSGI wrapper answers them
first: a search of the list page that the slots would refuse and that this process has not
cached gets the busy page in the address's language, with the headers Django gave its own busy
answer (learnt from the first one Django renders, per language and scheme). It never serves a
page: anything else, and anything it cannot tell (a session, a host not allowed), goes to
Django, which decides again.
"""

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIRequest
from django.urls import get_script_prefix, reverse
from django.utils.translation import override

from publishing import search_slots
from publishing.cache import is_anonymous_read, probably_cached

BUSY_STATUS = "503 Service Unavailable"


class SearchGate:
    def __init__(self, application):
        self.application = application
        # (language, scheme) -> the headers of Django's busy answer, but its length.
        self._busy_headers: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def __call__(self, environ, start_response):
        request = _refusable_search(environ)
        if request is None:
            return self.application(environ, start_response)
        key = (request.language, request.scheme)
        headers = self._busy_headers.get(key)
        if headers is None:  # Django answers, and its headers are kept if it says "busy"
            return self.application(environ, self._learning(key, environ, start_response))
        body = search_slots.busy_page(request.GET, request.language).encode()
        start_response(BUSY_STATUS, [*headers, ("Content-Length", str(len(body)))])
        search_slots.count_refusal()
        return [body]

    def _learning(self, key, environ, start_response):
        def start(status, headers, *exc_info):
            names = {name.lower() for name, _value in headers}
            if environ.get(search_slots.BUSY_ENVIRON_KEY) and "set-cookie" not in names:
                kept = [
                    (name, value) for name, value in headers if name.lower() != "content-length"
                ]
                self._busy_headers[key] = kept
            return start_response(status, headers, *exc_info)

        return start


def _refusable_search(environ) -> WSGIRequest | None:
    """The request, with its `language`, if it is an uncached search the slots would refuse."""
    language = _list_paths().get(environ.get("PATH_INFO"))
    if language is None or environ.get("REQUEST_METHOD") != "GET":
        return None
    if not environ.get("QUERY_STRING") or not search_slots.would_refuse():
        return None
    request = WSGIRequest(environ)
    request.language = language
    try:
        if not request.GET or not is_anonymous_read(request) or probably_cached(request, language):
            return None
    except SuspiciousOperation:  # a host not allowed, too many fields: Django refuses it
        return None
    return request


@lru_cache(maxsize=1)
def _list_paths() -> dict[str, str]:
    """The list page's path (as in PATH_INFO) in each language."""
    paths = {}
    for language, _name in settings.LANGUAGES:
        with override(language):
            path = reverse("publishing:case_list").removeprefix(get_script_prefix())
        paths[f"/{path}"] = language
    return paths
