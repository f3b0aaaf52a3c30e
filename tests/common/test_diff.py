import random

import pytest

from common import diff
from common.diff import render_word_diff, word_diff


def test_word_diff_marks_replaced_words():
    assert word_diff("Kommunen hjalp mye", "Kommunen hjalp litt") == [
        ("equal", "Kommunen hjalp "),
        ("delete", "mye"),
        ("insert", "litt"),
    ]


def test_rendered_diff_escapes_both_texts():
    html = render_word_diff("<b>gammel</b>", "<script>ny</script>")
    assert html == "<del>&lt;b&gt;gammel&lt;/b&gt;</del><ins>&lt;script&gt;ny&lt;/script&gt;</ins>"


def test_identical_texts_have_no_marks():
    assert render_word_diff("lik tekst", "lik tekst") == "lik tekst"


# --- The cost cap: what SequenceMatcher is given is bounded, whatever the texts ---


def count_comparisons(monkeypatch) -> list[int]:
    """The len(a) * len(b) of every SequenceMatcher run common.diff makes from now on."""
    costs = []
    real = diff.SequenceMatcher

    def counting(isjunk, a, b, **kwargs):
        costs.append(len(a) * len(b))
        return real(isjunk, a, b, **kwargs)

    monkeypatch.setattr(diff, "SequenceMatcher", counting)
    return costs


@pytest.fixture
def compared(monkeypatch):
    return count_comparisons(monkeypatch)


def _words(count: int, seed: int, vocabulary: int = 40) -> str:
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    words = [f"ord{n}" for n in range(vocabulary)]
    return " ".join(rng.choice(words) for _ in range(count))


def _text_of(pieces, *operations) -> str:
    return "".join(text for op, text in pieces if op in operations)


def test_two_long_different_texts_are_shown_replaced_within_the_cap(compared):
    old, new = _words(50_000, seed=1), _words(50_000, seed=2)
    pieces = diff.word_diff(old, new)
    assert sum(compared) <= diff.MAX_COST
    # Nothing is lost: the old text is all there deleted or equal, the new inserted or equal.
    assert _text_of(pieces, "equal", "delete") == old
    assert _text_of(pieces, "equal", "insert") == new


def test_a_small_edit_in_a_long_text_is_still_shown_word_by_word(compared):
    old = _words(50_000, seed=3)
    words = old.split(" ")
    words[25_000] = "endret"
    pieces = diff.word_diff(old, " ".join(words))
    assert ("insert", "endret") in pieces
    assert [op for op, _text in pieces].count("delete") == 1
    assert sum(compared) <= diff.MAX_COST


def test_long_texts_with_changed_paragraphs_are_compared_paragraph_by_paragraph(compared):
    paragraphs = [_words(200, seed=n) for n in range(100)]  # 20,000 words
    edited = list(paragraphs)
    edited[10] = edited[10].replace("ord1 ", "ORD1 ", 1)
    edited[90] = edited[90] + " lagt til"
    old, new = "\n\n".join(paragraphs), "\n\n".join(edited)
    pieces = diff.word_diff(old, new)
    inserted = [text for op, text in pieces if op == "insert"]
    assert inserted == ["ORD1", " lagt til"]
    assert max(compared) <= diff.MAX_COST


def test_a_page_budget_is_shared_by_its_diffs(compared):
    budget = diff.DiffBudget(diff.MAX_COST)
    old, new = _words(400, seed=4), _words(400, seed=5)  # 799 tokens each: 638,401
    first = diff.word_diff(old, new, budget=budget)
    second = diff.word_diff(old, new, budget=budget)
    assert len(first) > 2  # compared word by word
    assert second == [("delete", old), ("insert", new)]  # the budget was spent
    assert sum(compared) <= diff.MAX_COST
