"""Readable word-level differences between two texts, as HTML with <del> and <ins>.

Used wherever a person compares versions: the submitter approving the editors' copy-edits and
the editors reading a case's history. Every piece of text is escaped.

The cost is capped: SequenceMatcher's work grows with the product of the two token counts (and
worse with few distinct tokens), so two 50,000-word texts would take minutes. What both texts
share at the start and the end is set aside first (cheap, and most edits are small); what is
left is compared word by word within `MAX_COST`, else paragraph by paragraph with the changed
paragraphs compared word by word while the budget lasts, else shown as replaced (the old text
deleted, the new inserted). Several diffs on one page share one `DiffBudget`.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Words, runs of white space and punctuation are separate tokens, so a full stop after an added
# word does not make the whole word look replaced.
TOKENS = re.compile(r"(\s+|[.,;:!?()«»\"])")

# The largest len(a) * len(b) one SequenceMatcher run may compare: at most about 0.2 s with
# the worst inputs we found (few distinct tokens), milliseconds for ordinary text.
MAX_COST = 1_000_000
# What all the diffs of one page may compare together (bench/README.md: "Word diff").
PAGE_COST = 3_000_000


class DiffBudget:
    """How much comparing is left for one page; each comparison takes its cost from it."""

    def __init__(self, cost: int = PAGE_COST):
        self.remaining = cost

    def spend(self, cost: int) -> bool:
        """Take `cost` if one comparison may cost that much and enough is left."""
        if cost > min(MAX_COST, self.remaining):
            return False
        self.remaining -= cost
        return True


def word_diff(old: str, new: str, *, budget: DiffBudget | None = None) -> list[tuple[str, str]]:
    """(operation, text) pieces, operation one of "equal", "delete", "insert"."""
    budget = budget or DiffBudget(MAX_COST)
    before, after = TOKENS.split(old or ""), TOKENS.split(new or "")
    start = _common_prefix(before, after)
    end = _common_prefix(before[start:][::-1], after[start:][::-1])
    old_end, new_end = len(before) - end, len(after) - end
    pieces = [("equal", before[:start])]
    pieces += _diff_middle(before[start:old_end], after[start:new_end], budget)
    pieces.append(("equal", before[old_end:]))
    return _joined(pieces)


def _common_prefix(a: list[str], b: list[str]) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _diff_middle(before, after, budget) -> list[tuple[str, list[str]]]:
    """Word by word if the budget allows, else by paragraph, else replaced."""
    if before and after and budget.spend(len(before) * len(after)):
        return _diff_tokens(before, after)
    old_paragraphs, new_paragraphs = _paragraphs(before), _paragraphs(after)
    if (len(old_paragraphs) > 1 or len(new_paragraphs) > 1) and budget.spend(
        len(old_paragraphs) * len(new_paragraphs)
    ):
        return _diff_paragraphs(old_paragraphs, new_paragraphs, budget)
    return [("delete", before), ("insert", after)]


def _diff_tokens(before, after) -> list[tuple[str, list[str]]]:
    pieces = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(("equal", before[i1:i2]))
        else:
            pieces += [("delete", before[i1:i2]), ("insert", after[j1:j2])]
    return pieces


def _paragraphs(tokens: list[str]) -> list[tuple[str, ...]]:
    """The tokens in runs that each end after a line break."""
    paragraphs, current = [], []
    for token in tokens:
        current.append(token)
        if "\n" in token:
            paragraphs.append(tuple(current))
            current = []
    if current:
        paragraphs.append(tuple(current))
    return paragraphs


def _diff_paragraphs(old_paragraphs, new_paragraphs, budget) -> list[tuple[str, list[str]]]:
    pieces = []
    matcher = SequenceMatcher(None, old_paragraphs, new_paragraphs, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        before = [token for paragraph in old_paragraphs[i1:i2] for token in paragraph]
        after = [token for paragraph in new_paragraphs[j1:j2] for token in paragraph]
        if operation == "equal":
            pieces.append(("equal", before))
        elif before and after and budget.spend(len(before) * len(after)):
            pieces += _diff_tokens(before, after)
        else:
            pieces += [("delete", before), ("insert", after)]
    return pieces


def _joined(pieces) -> list[tuple[str, str]]:
    """Token lists as text, empty pieces dropped and neighbours of one kind merged."""
    joined = []
    for operation, tokens in pieces:
        text = "".join(tokens)
        if not text:
            continue
        if joined and joined[-1][0] == operation:
            joined[-1] = (operation, joined[-1][1] + text)
        else:
            joined.append((operation, text))
    return joined


TAGS = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}


def render_word_diff(old, new, *, budget: DiffBudget | None = None) -> SafeString:
    pieces = word_diff(str(old), str(new), budget=budget)
    return format_html_join("", "{}", ((format_html(TAGS[op], text),) for op, text in pieces))
