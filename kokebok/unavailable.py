"""A database that cannot be reached gives a plain 503 page, never a stack trace.

The page is rendered without a request (so no context processor runs a query) in the language of
the address (/, /nn/, /en/). Every write is in a transaction, so the failed request has left
nothing half-saved; the session is not saved either, as that needs the database too.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("kokebok.unavailable")

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """Turn OperationalError/InterfaceError from a view into `templates/503.html`, status 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # The error's text can hold host names and user names: only its kind is logged, and the
        # path is left out because secret links are paths.
        logger.error(
            "database_unavailable method=%s error=%s", request.method, type(exception).__name__
        )
        session = getattr(request, "session", None)
        if session is not None:
            session.modified = False
        response = unavailable_response(getattr(request, "LANGUAGE_CODE", "nb"))
        # Logged above; Django's own "Service Unavailable: <path>" line would log the path.
        response._has_been_logged = True
        return response


def unavailable_response(language: str) -> HttpResponse:
    content = render_to_string("503.html", {"language": language})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
