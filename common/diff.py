"""Readable word-level differences between two texts, as HTML with <del> and <ins>.

Used wherever a person compares versions: the submitter approving the editors' copy-edits and
the editors reading a case's history. Every piece of text is escaped.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Words, runs of white space and punctuation are separate tokens, so a full stop after an added
# word does not make the whole word look replaced.
TOKENS = re.compile(r"(\s+|[.,;:!?()«»\"])")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(operation, text) pieces, operation one of "equal", "delete", "insert"."""
    before, after = TOKENS.split(old or ""), TOKENS.split(new or "")
    pieces = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(("equal", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("delete", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(("insert", "".join(after[j1:j2])))
    return pieces


TAGS = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}


def render_word_diff(old, new) -> SafeString:
    return format_html_join(
        "", "{}", ((format_html(TAGS[op], text),) for op, text in word_diff(str(old), str(new)))
    )
