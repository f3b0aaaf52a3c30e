"""A cap on the searches rendered at once, across every worker on the machine.

With gunicorn's sync workers a cached page waits in the queue behind whatever a worker is
rendering, so a burst of different searches (each 10 to 15 ms of Python) would make the cached
pages as slow as the searches. While other pages are being asked for (any served in the last
`SEARCH_SHARE_WINDOW` seconds), only `SEARCH_SLOTS` uncached searches render at once (one fewer
than the workers, so one is free for those pages); on a site where nobody else is reading, a
search may use any of the `SEARCH_WORKERS` (all of them), so two readers searching at the same
moment are both served. A search that finds no slot within `SEARCH_SLOT_WAIT` seconds gets a
small "busy, try again" page instead of queueing.

"Other pages served" is a moment in a shared 8-byte file (common.marks) that
`OtherPagesMiddleware` writes after every response that was not a search.

While other pages are asked for, searches also keep to a share of the time, `SEARCH_DUTY`, so
that a stream of them leaves most of the machine to the pages that would queue behind them. Each
search's time is charged at 1 / SEARCH_DUTY (one search at most `SEARCH_CREDIT`) to a moment in
a second shared file, the moment its searches are paid off (not before now); while that moment
is more than `SEARCH_CREDIT` seconds ahead, no search starts. Readers searching now and then
never meet it; a burst is held to its share. (The generic cell rate algorithm: a token bucket
kept as one moment.) The searches refused meanwhile are answered in front of Django
(publishing.search_gate) when the server runs kokebok.wsgi.

A slot is one of N files in `SEARCH_SLOT_DIR` (common.slots, a `flock`): the kernel releases it
when the holder closes the file or its process dies, so a killed worker never keeps a slot.
"""

import logging
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape, format_html_join
from django.utils.translation import get_language, override

from common import marks, slots
from publishing.frames import Frame, marker

logger = logging.getLogger("kokebok.search_slots")

POLL_SECONDS = 0.01
SLOT_NAME = "slot"
MARK_NAME = "other-pages"
DEBT_NAME = "search-debt"
# How far ahead of now the searches' time may be charged before they wait (while others read).
SEARCH_CREDIT = 0.25
# Set in the request's WSGI environ by busy_response(): Django answered "busy" (search_gate).
BUSY_ENVIRON_KEY = "kokebok.search_busy"


def mark_path() -> Path:
    return _mark_in(settings.SEARCH_SLOT_DIR, MARK_NAME)


def debt_path() -> Path:
    return _mark_in(settings.SEARCH_SLOT_DIR, DEBT_NAME)


@lru_cache(maxsize=16)
def _mark_in(directory, name) -> Path:
    # Once per directory, not per request: building a Path costs more than the mark itself.
    return Path(directory) / name


def mark_other_page() -> None:
    """A page that is not an uncached search was served now (it wants a worker of its own)."""
    marks.mark(mark_path())


def others_served_lately() -> bool:
    age = marks.seconds_since(mark_path())
    return age is not None and age < settings.SEARCH_SHARE_WINDOW


def over_share() -> bool:
    """Searches have used more than their share (SEARCH_DUTY) by more than SEARCH_CREDIT."""
    age = marks.seconds_since(debt_path())
    return age is not None and -age > SEARCH_CREDIT


@contextmanager
def search_slot():
    """Yield True while holding a slot, False if none came free in time (render nothing)."""
    directory = settings.SEARCH_SLOT_DIR
    workers = _workers()
    with slots.slot(
        directory,
        name=SLOT_NAME,
        count=workers,
        wait=settings.SEARCH_SLOT_WAIT,
        poll=POLL_SECONDS,
        # Asked with our slot held, which slots.held() counts too.
        admit=lambda: _room_for_one_more(slots.held(directory, name=SLOT_NAME, count=workers) - 1),
    ) as taken:
        started = time.monotonic()
        try:
            yield taken
        finally:
            if taken:  # charged before the slot is given back
                _charge(time.monotonic() - started)


def would_refuse() -> bool:
    """Whether search_slot() would refuse a search now (no slot is taken to find out)."""
    held = slots.held(settings.SEARCH_SLOT_DIR, name=SLOT_NAME, count=_workers())
    return not _room_for_one_more(held)


def _workers() -> int:
    return max(1, settings.SEARCH_WORKERS, settings.SEARCH_SLOTS)


def _room_for_one_more(others: int) -> bool:
    """May a search render beside `others` rendering now? Any free slot while nobody else reads;
    with other pages asked for lately, at most SEARCH_SLOTS at once and within their share (the
    slot files are numbered, so one taken while the site was quiet counts as much as any)."""
    if others >= _workers():
        return False
    if not others_served_lately():
        return True
    return others < max(1, settings.SEARCH_SLOTS) and not over_share()


def _charge(seconds: float) -> None:
    """A search that took `seconds` (while others read): its debt starts when it did, or where
    the earlier searches' debt ends if that is later. One search is charged at most the credit,
    so that a slow one (a worker's first after a publication renders the cards) never holds back
    the next search on its own; a stream of them is held to its share all the same. Read and
    written with no lock: two searches ending at once may charge one of them only, which errs
    towards serving."""
    duty = settings.SEARCH_DUTY
    if not (0 < duty < 1 and others_served_lately()):
        return
    age = marks.seconds_since(debt_path())
    paid_off_in = max(-seconds, -age) if age is not None else -seconds
    marks.mark(debt_path(), ahead=paid_off_in + min(seconds / duty, SEARCH_CREDIT))


class OtherPagesMiddleware:
    """Marks every response but a search's, cached or not: those are the pages the cap and the
    share keep room for (searchers among themselves share the slots as they come).

    Costs a clock read and an 8-byte write into a mapped file per request (bench/README.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_search(request):
            mark_other_page()
        return response


def is_search(request) -> bool:
    """The list page with a query string: a search, or a page of one (the view takes a slot).
    The query string is not parsed: after a response, a hostile one must not raise again."""
    match = request.resolver_match
    return (
        match is not None
        and match.view_name == "publishing:case_list"
        and bool(request.META.get("QUERY_STRING"))
    )


BUSY_RETRY_AFTER_SECONDS = 2


def _never_cache_control() -> str:
    """The Cache-Control that django.utils.cache.add_never_cache_headers writes, worked out once:
    per response it cost a fifth of the busy answer (its Expires, a date, is left out)."""
    sample = HttpResponse()
    add_never_cache_headers(sample)
    return sample["Cache-Control"]


BUSY_HEADERS = {
    "Retry-After": str(BUSY_RETRY_AFTER_SECONDS),
    "Cache-Control": _never_cache_control(),
}
# At most one log line per process this often, with the count since the last.
BUSY_LOG_INTERVAL = 10.0
# The busy page keeps what was asked, within the form's own bounds.
KEPT_PARAMETERS = ("theme", "form", "county", "municipality", "enterprise", "sort")
KEPT_LENGTH = 200


def busy_response(request) -> HttpResponse:
    """503 "many are searching right now", with the words kept in a search box; never cached.

    It is what a burst is answered with, as often as the searches come back, so it must cost
    no more than a cached page: no header or footer, no query, and its template rendered once
    per language and process, the words and filters put in at the markers."""
    response = HttpResponse(
        busy_page(request.GET, get_language()), status=503, headers=BUSY_HEADERS
    )
    count_refusal()
    request.META[BUSY_ENVIRON_KEY] = True
    response._has_been_logged = True  # expected under a burst: not Django's error line each
    return response


def busy_page(query, language: str) -> str:
    """The busy page's HTML in `language` with the words and filters of `query` (a QueryDict)."""
    kept = [
        (name, value[:KEPT_LENGTH])
        for name in KEPT_PARAMETERS
        for value in query.getlist(name)[:KEPT_LENGTH]
    ]
    return _busy_frame(language).fill(
        {
            "q": escape(query.get("q", "")[:KEPT_LENGTH]),
            "kept": format_html_join("", '<input type="hidden" name="{}" value="{}">', kept)
            if kept
            else "",
        }
    )


def count_refusal() -> None:
    _refusals.count()


class _Refusals:
    """Refused searches counted per process and logged at INFO once per BUSY_LOG_INTERVAL: a
    burst refuses hundreds a second, and a line each would cost as much as the answer."""

    def __init__(self):
        self._lock = threading.Lock()
        self._since_logged = 0
        self._logged_at = None

    def count(self) -> None:
        now = time.monotonic()
        with self._lock:
            self._since_logged += 1
            if self._logged_at is not None and now - self._logged_at < BUSY_LOG_INTERVAL:
                return
            refused, self._since_logged, self._logged_at = self._since_logged, 0, now
        logger.info("search_busy refused=%d slots=%s", refused, settings.SEARCH_SLOTS)


_refusals = _Refusals()


@lru_cache(maxsize=8)
def _busy_frame(language: str) -> Frame:
    """The busy page in `language` with markers for the words and the kept filters; it names
    no publication, so it is kept for the process's life."""
    with override(language):
        context = {"q": marker("q"), "kept": marker("kept")}
        return Frame(render_to_string("publishing/busy.html", context))
