"""A page's HTML kept between requests with markers where each request's own parts go.

A search page differs from the next only in its results, its form's values and counts and the
language switcher's links; its header, footer and filter panel change only with a publication
(announced, so the generation moves on) or the language. The page's template is rendered once
per publication generation, language and address with a marker in place of each such part
(`marker()`), and a request then joins the kept pieces with its own parts: a few string joins
where rendering the template took most of a search's time. The template stays the one source
of the page: a reader with a session gets it rendered whole, with the same parts.
"""

import re
import secrets
from collections.abc import Callable, Mapping

from django.utils.safestring import SafeString, mark_safe

from publishing.cache import memo_until_next_publication

# Between two private-use characters (a form refuses the NUL character, and nothing is escaped),
# with a token random per process, so that no text an editor or a reader wrote reads as a marker.
_TOKEN = secrets.token_hex(6)
_MARKER = re.compile(f"\ue000{_TOKEN}:([a-z0-9-]+)\ue000")
# A bound on the memory a process gives them: a page per language and address.
MAX_FRAMES = 100


def marker(name: str) -> SafeString:
    """Where the part `name` goes ([a-z0-9-]; nothing to escape, so it survives autoescaping)."""
    return mark_safe(f"\ue000{_TOKEN}:{name}\ue000")  # noqa: S308 (no markup)


class Frame:
    def __init__(self, html: str):
        # Static HTML at the even indexes, the parts' names at the odd ones.
        self._pieces = _MARKER.split(html)
        self.names = frozenset(self._pieces[1::2])

    def fill(self, parts: Mapping[str, str]) -> str:
        """The page with each marker replaced by its part (which must be safe HTML)."""
        pieces = self._pieces.copy()
        pieces[1::2] = [parts[name] for name in self._pieces[1::2]]
        return "".join(pieces)


def kept_frame(key: tuple, render: Callable[[], str]) -> Frame:
    """The frame of `key` (say the view, language and path) rendered by `render()` once per
    publication generation and process."""
    frames = memo_until_next_publication("frames")
    found = frames.get(key)
    if found is None:
        if len(frames) >= MAX_FRAMES:
            frames.clear()
        found = frames[key] = Frame(render())
    return found
