"""The filters' counts (publishing.facets.narrow, on bitmasks) equal a plain count, whether a
search shows none, few, most or all of the published cases."""

import random
from collections import Counter

import pytest

from publishing import facets


def _keys(count: int) -> dict[int, dict[str, frozenset]]:
    rng = random.Random(17)  # noqa: S311 (made-up keys)
    return {
        pk: {
            "theme": frozenset(rng.sample(["arbeid", "unge", "mat"], rng.choice((1, 2)))),
            "form": frozenset([rng.choice(["pilot", "grant"])]),
            "county": frozenset(rng.sample(["03", "46", "50"], rng.choice((1, 2)))),
            "municipality": frozenset([rng.choice(["0301", "4601", "5001"])]),
        }
        for pk in range(1, count + 1)
    }


def _expected(ids, keys, chosen) -> tuple[list[int], dict[str, Counter]]:
    """Counted the plain way: for each facet, the cases that have every other chosen key."""

    def has(case, name, value):
        return value in case[name]

    shown = [pk for pk in ids if all(has(keys[pk], n, v) for n, v in chosen.items())]
    counts = {}
    for name in facets.FACETS:
        others = {n: v for n, v in chosen.items() if n != name}
        cases = [keys[pk] for pk in ids if all(has(keys[pk], n, v) for n, v in others.items())]
        counts[name] = Counter(key for case in cases for key in case[name])
    return shown, counts


@pytest.mark.parametrize("share", [0, 0.1, 0.5, 0.51, 0.9, 1])
@pytest.mark.parametrize("chosen", [{}, {"county": "03"}, {"county": "46", "form": "pilot"}])
def test_counts_are_the_same_for_few_and_for_most_cases(monkeypatch, share, chosen):
    keys = _keys(200)
    indexed = facets._index(keys)
    monkeypatch.setattr(facets, "case_keys", lambda: indexed)
    ids = random.Random(3).sample(sorted(keys), int(len(keys) * share))  # noqa: S311
    expected = _expected(ids, keys, chosen)
    assert facets.narrow(ids, chosen) == expected
    # Again: the first search left the kept masks as they were.
    assert facets.narrow(ids, chosen) == expected
