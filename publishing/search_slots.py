"""A cap on the searches rendered at once, across every worker on the machine.

With gunicorn's sync workers a cached page waits in the queue behind whatever a worker is
rendering, so a burst of different searches (each 10 to 15 ms of Python) would make the cached
pages as slow as the searches. Only `SEARCH_SLOTS` uncached searches render at once (one fewer
than the workers, so one is always free for cached pages); a search that finds no free slot
within `SEARCH_SLOT_WAIT` seconds gets a small "busy, try again" page instead of queueing.

A slot is a non-blocking `flock` on one of N files in `SEARCH_SLOT_DIR`: the kernel releases it
when the holder closes the file or its process dies, so a killed worker never keeps a slot.
"""

import fcntl
import logging
import os
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("kokebok.search_slots")

POLL_SECONDS = 0.01


def _try_slot(directory: Path, count: int) -> int | None:
    """An open descriptor holding one free slot's lock, or None when all are taken."""
    for number in range(count):
        # A new descriptor each time: flock belongs to the open file, so two threads of one
        # process sharing a descriptor would both "hold" the same slot.
        descriptor = os.open(directory / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue
        return descriptor
    return None


@contextmanager
def search_slot():
    """Yield True while holding a slot, False if none came free in time (render nothing)."""
    directory = Path(settings.SEARCH_SLOT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    count = max(1, settings.SEARCH_SLOTS)
    deadline = time.monotonic() + settings.SEARCH_SLOT_WAIT
    descriptor = _try_slot(directory, count)
    while descriptor is None and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        descriptor = _try_slot(directory, count)
    if descriptor is None:
        yield False
        return
    try:
        yield True
    finally:
        os.close(descriptor)  # releases the lock


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
