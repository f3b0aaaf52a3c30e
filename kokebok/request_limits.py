"""Requests too large to read: refused before anything reads them, with a page that says so.

`RequestSizeMiddleware` refuses a POST whose declared length is over `REQUEST_MAX_BYTES` (the
largest a page with both files at their limits sends) before the body is read: so no form post,
public or not, makes the server parse or store a huge body. Django itself refuses a form body
over `DATA_UPLOAD_MAX_MEMORY_SIZE` or with more than `DATA_UPLOAD_MAX_NUMBER_FIELDS` fields or
`DATA_UPLOAD_MAX_NUMBER_FILES` files when a view reads it; `bad_request` (handler400) answers
those as 413 with the same page, in the page's language, rather than a bare "Bad Request".
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render

logger = logging.getLogger("kokebok.request_limits")

TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _declared_length(request) > settings.REQUEST_MAX_BYTES:
            logger.warning("request_too_large method=%s", request.method)
            return too_large(request)
        return self.get_response(request)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def too_large(request):
    """The 413 page: nothing was saved; the browser's Back keeps what was typed."""
    context = {"max_megabytes": settings.REQUEST_MAX_BYTES // (1024 * 1024)}
    return render(request, "413.html", context, status=413)


def bad_request(request, exception):
    """handler400: a body too large to read gets the 413 page, anything else a plain 400."""
    if isinstance(exception, TOO_LARGE):
        return too_large(request)
    return render(request, "400.html", status=400)
