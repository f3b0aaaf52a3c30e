"""Bounds on submitted text before WeasyPrint lays it out.

render_markdown() already caps nesting (20) and length (50,000 characters). Two more bounds
keep one hostile case from costing the whole build minutes (measured as below;
tests/book/test_hostile.py checks both):

- each field is cut to what the forms accept anyway (ANSWER_MAX_CHARS), so a 10,000-row
  "table" pasted past the forms is at most ~40 pages;
- WeasyPrint's line breaking is quadratic in the length of an unbroken word (a 50,000-letter
  word took 34 s): an invisible break opportunity (U+200B) goes into every run of more than
  100 characters, every 50 characters. Normal words and most URLs are far shorter.
"""

import re

from django.utils.safestring import SafeString, mark_safe

from publishing.markdown import render_markdown
from submissions.models import ANSWER_MAX_CHARS

FIELD_MAX_CHARS = ANSWER_MAX_CHARS
LONG_RUN_CHARS = 100
BREAK_EVERY = 50
ZERO_WIDTH_SPACE = "\u200b"

# A tag, its quoted attribute values included (they may contain ">").
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
# A character of text: an entity counts as one, so no break goes inside it.
_UNIT = r"(?:&#?\w+;|[^\s<&\u200b])"
_LONG_RUN = re.compile(f"{_UNIT}{{{LONG_RUN_CHARS + 1},}}")
_UNITS = re.compile(_UNIT)


def book_markdown(text: str) -> SafeString:
    """A submitted text field as the book prints it: capped, then the one Markdown rendering."""
    return render_markdown((text or "")[:FIELD_MAX_CHARS])


def break_long_words(html: str) -> str:
    """`html` with a zero-width space every BREAK_EVERY characters of each over-long word,
    in text only (never inside a tag or an entity)."""
    parts = _TAG.split(html)
    for index in range(0, len(parts), 2):  # even indexes are text, odd ones tags
        if len(parts[index]) > LONG_RUN_CHARS:
            parts[index] = _LONG_RUN.sub(_with_breaks, parts[index])
    return mark_safe("".join(parts))  # noqa: S308 (only U+200B was added to safe HTML)


def _with_breaks(match: re.Match) -> str:
    units = _UNITS.findall(match.group())
    return ZERO_WIDTH_SPACE.join(
        "".join(units[start : start + BREAK_EVERY]) for start in range(0, len(units), BREAK_EVERY)
    )
