"""Hostile input shared by the hostile-input tests of every form: the Big List of Naughty
Strings (tests/data/blns.json, MIT, see tests/data/README.md) and what every text field gets."""

import json
import re
from pathlib import Path

import pytest

from common.forms import clean_text

BLNS = json.loads((Path(__file__).parent / "data" / "blns.json").read_text(encoding="utf-8"))

LIVE_SCRIPT = "<script>alert(1)</script>"

# For any text field: size, bytes a database or e-mail refuses, direction overrides, and text
# that our own templates or string formatting might take for theirs.
FOR_EVERY_FIELD = [
    "x" * 100_000,
    "null\x00byte",
    "kontroll" + "".join(chr(code) for code in range(1, 32)) + "\x7f\x85\x9f" + "tegn",
    "linje\r\nskift\rgammel\nny",
    "\u202egnp.exe",
    "{{ request }}{% debug %}",
    "%(title)s %s {0}",
]

# Any string that opens a tag: it must never come back in a page as it was typed.
TAG_OPENING = re.compile(r"<[a-zA-Z!/?]")


def hostile_strings(own: list[str]) -> list[str]:
    """BLNS, then `own`, then FOR_EVERY_FIELD, each once."""
    return list(dict.fromkeys(BLNS + own + FOR_EVERY_FIELD))


def stored(value: str) -> str:
    """What a text field keeps of what was typed: no control characters, no outer whitespace."""
    return clean_text(value).strip()


def chunks(items: list, size: int) -> list:
    return [items[start : start + size] for start in range(0, len(items), size)]


def parametrize_chunks(strings: list[str], size: int):
    """One test per `size` strings, named by their positions."""
    batches = chunks(strings, size)
    ids = [f"strings-{n * size}-{n * size + len(batch) - 1}" for n, batch in enumerate(batches)]
    return pytest.mark.parametrize("strings", batches, ids=ids)


def assert_no_live_markup(page: str, strings):
    assert LIVE_SCRIPT not in page
    for string in strings:
        for variant in {string, stored(string)}:
            if TAG_OPENING.search(variant):
                assert variant not in page, f"unescaped in the page: {variant[:80]!r}"
