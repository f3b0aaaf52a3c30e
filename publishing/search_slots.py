"""A cap on the searches rendered at once, across every worker on the machine.

With gunicorn's sync workers a cached page waits in the queue behind whatever a worker is
rendering, so a burst of different searches (each 10 to 15 ms of Python) would make the cached
pages as slow as the searches. Only `SEARCH_SLOTS` uncached searches render at once (one fewer
than the workers, so one is always free for cached pages); a search that finds no free slot
within `SEARCH_SLOT_WAIT` seconds gets a small "busy, try again" page instead of queueing.

A slot is one of N files in `SEARCH_SLOT_DIR` (common.slots, a `flock`): the kernel releases it
when the holder closes the file or its process dies, so a killed worker never keeps a slot.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from common import slots

logger = logging.getLogger("kokebok.search_slots")

POLL_SECONDS = 0.01
SLOT_NAME = "slot"


def search_slot():
    """Yield True while holding a slot, False if none came free in time (render nothing)."""
    return slots.slot(
        Path(settings.SEARCH_SLOT_DIR),
        name=SLOT_NAME,
        count=max(1, settings.SEARCH_SLOTS),
        wait=settings.SEARCH_SLOT_WAIT,
        poll=POLL_SECONDS,
    )


BUSY_RETRY_AFTER_SECONDS = 2
# The busy page keeps what was asked, within the form's own bounds.
KEPT_PARAMETERS = ("theme", "form", "county", "municipality", "enterprise", "sort")
KEPT_LENGTH = 200


def busy_response(request) -> HttpResponse:
    """503 "many are searching right now", with the words kept in a search box; never cached.

    Rendered without the site's header and footer (no query, a fraction of a millisecond), as
    it is what a burst is answered with."""
    context = {
        "q": request.GET.get("q", "")[:KEPT_LENGTH],
        "kept": [
            (name, value[:KEPT_LENGTH])
            for name in KEPT_PARAMETERS
            for value in request.GET.getlist(name)[:KEPT_LENGTH]
        ],
    }
    response = HttpResponse(
        render_to_string("publishing/busy.html", context, request=None), status=503
    )
    response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    # Expected under a burst: one line at INFO, not Django's error line per refused search.
    logger.info("search_busy slots=%s", settings.SEARCH_SLOTS)
    response._has_been_logged = True
    return response
