"""The filters' counts (publishing.facets.narrow and narrow_mask, on bitmasks) equal a plain
count, whether a search shows none, few, most or all of the published cases."""

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
    # The same from the cases' bits (PostgreSQL's words found in memory, publishing.word_index).
    shown, counts = facets.narrow_mask(indexed.mask_of(ids), chosen)
    assert counts == expected[1]
    assert sorted(indexed.ids_of(shown)) == sorted(expected[0])


@pytest.mark.parametrize("count", [0, 1, facets.SPARSE_BITS, facets.SPARSE_BITS + 1, 3000])
def test_the_bits_of_a_mask_and_their_ids(count):
    rng = random.Random(count)  # noqa: S311
    bits = sorted(rng.sample(range(9000), count))
    mask = facets.mask_of_bits(bits, 9000)
    assert mask == sum(1 << bit for bit in bits)
    assert facets.bits_of(mask) == bits
    ids = tuple(range(100_000, 109_000))
    keys = facets.CaseKeys(position={}, ids=ids, masks={}, cases={})
    assert keys.ids_of(mask) == [ids[bit] for bit in bits]
