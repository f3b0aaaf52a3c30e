"""Whole public pages cached per publication generation.

Every change readers can see is announced (`common.announcements`), and once the transaction
that made it commits, one counter row is bumped (`bump_generation`). Cached pages are keyed by
that number, so after a publication every process renders fresh pages: nothing has to be found
and deleted, and it holds across gunicorn workers that each keep their own in-memory cache. A
process reads the counter at most once every `GENERATION_READ_EVERY` (a second), and at once
after a bump of its own, so a publication made in another process (another worker, the task
worker) reaches this one's pages within a second; a cached page then costs no query.

The bump follows the commit, so whoever reads the new number also reads the new content; and a
reader reads the counter before the page's data, so a page rendered meanwhile can store new data
under the old number (harmless) but never old data under the new one. Bumping after the commit
also keeps the one counter row from being locked for the whole of every writer's transaction.
"""

import hashlib
import secrets
import threading
import time
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils.translation import get_language

from publishing.models import PublicationGeneration

GENERATION_ROW = 1
# A backstop, not the mechanism: a write that bypassed the services is stale at most this long.
PAGE_TIMEOUT = 600

# One query per cached page cost PostgreSQL about as much as serving the page (bench/README.md,
# eighth pass); a second's delay for another process's publication costs readers nothing.
GENERATION_READ_EVERY = 1.0

# The generation a request being served has read (see one_generation()).
_pinned = threading.local()
# The last generation this process read and when (time.monotonic()), replaced whole.
_last_read: tuple[int, float] | None = None


def current_generation() -> int:
    pinned = getattr(_pinned, "number", None)
    if pinned is not None:
        return pinned
    last = _last_read
    if last is not None and time.monotonic() - last[1] < GENERATION_READ_EVERY:
        return last[0]
    return _read_generation()


def _read_generation() -> int:
    # Plain SQL: building the query with the ORM takes longer than running it.
    table = connection.ops.quote_name(PublicationGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {table} WHERE id = %s", [GENERATION_ROW])  # noqa: S608
        row = cursor.fetchone()
    number = row[0] if row else 0
    global _last_read  # replaced whole; threads may race to the same value
    _last_read = (number, time.monotonic())
    return number


def forget_generation() -> None:
    """Read the counter again at the next request (after a bump, or a test's rollback)."""
    global _last_read
    _last_read = None


@contextmanager
def one_generation():
    """Read the generation once for a whole request: the page, its cards and its filters'
    keys then belong to the same one, for one query."""
    _pinned.number = None
    _pinned.number = current_generation()
    try:
        yield
    finally:
        _pinned.number = None


def bump_generation(**_signal_kwargs) -> None:
    """Make every cached public page stale. Receiver of
    `common.announcements.public_content_changed`, after the commit."""
    # Create first, then increment in SQL: two first-ever bumps at once still count twice.
    PublicationGeneration.objects.get_or_create(pk=GENERATION_ROW)
    PublicationGeneration.objects.filter(pk=GENERATION_ROW).update(number=F("number") + 1)
    forget_generation()  # this process's next page is fresh at once


def cached_until_next_publication(name: str, compute):
    """`compute()`'s value, computed once per publication generation (and per PAGE_TIMEOUT)."""
    key = f"kokebok:{name}:{current_generation()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, PAGE_TIMEOUT)
    return value


# Per name: the token of the generation its values belong to, and the values.
_memos: dict[str, tuple[str, dict]] = {}


def memo_until_next_publication(name: str) -> dict:
    """A dict in this process's memory, emptied at the next publication: for what every request
    reads, where the cache would unpickle it each time. A token kept in the cache names the
    generation, so clearing the cache (or its expiry) empties the dict too."""
    token = cached_until_next_publication("memo-token", lambda: secrets.token_hex(8))
    kept = _memos.get(name)
    if kept is None or kept[0] != token:
        kept = (token, {})
        _memos[name] = kept
    return kept[1]


def cache_public_page(view=None, *, vary=None):
    """Serve the view's 200 responses from the cache to readers without a session.

    Anyone with a session or messages cookie (editors, who may get a preview; submitters, who
    may have messages waiting) always gets a freshly rendered page, and it is never stored.
    `vary(request)`, if given, names what else than a publication changes the page.
    """
    if view is None:
        return lambda view: cache_public_page(view, vary=vary)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        with one_generation():
            return _serve(request, view, vary, *args, **kwargs)

    return cached_view


def _serve(request, view, vary, *args, **kwargs):
    if not is_anonymous_read(request):
        return view(request, *args, **kwargs)
    key = _page_key(request, vary(request) if vary else "")
    stored = cache.get(key)
    if stored is not None:
        content, headers = stored
        return HttpResponse(content, headers=headers)
    response = view(request, *args, **kwargs)
    if isinstance(response, SimpleTemplateResponse):
        response.render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        cache.set(key, (response.content, dict(response.items())), PAGE_TIMEOUT)
    return response


def is_anonymous_read(request) -> bool:
    """A request that may be served from the cache, and its page (or parts) stored there."""
    personal = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
    return request.method in ("GET", "HEAD") and not any(
        name in request.COOKIES for name in personal
    )


def probably_cached(request, language: str) -> bool:
    """Whether the page at the request's address (one without `vary`) is in the cache under the
    last generation this process read, without a query: a hint, which may be stale either way."""
    last = _last_read
    if last is None:
        return False
    return cache.has_key(_page_key(request, "", generation=last[0], language=language))


def _page_key(request, varies: str, *, generation=None, language=None) -> str:
    # The pages name SITE_URL only; keying by scheme and Host too means that, should one ever
    # echo them, a page filled through another host or scheme is never served to anyone else.
    asked = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    address = hashlib.sha256(f"{asked}|{varies}".encode()).hexdigest()
    if generation is None:
        generation = current_generation()
    return f"publishing:page:{generation}:{language or get_language()}:{address}"
