"""The list's filters and their counts, worked out in Python from one list of matching ids.

What a published case is filtered by (its themes, form of collaboration, counties and
municipalities) changes only with a publication, so it is read once per publication generation
and process (three queries) and kept in memory. A search then needs one query, for the ids that
match its words in their order; the choices of the filters narrow that list and count it here,
where the database would repeat the search and its joins once per facet and once more for the
paginator's count.

Counting is done on bitmasks: per facet key, a Python integer with one bit per published case
that has it; a search's ids become one such integer, and a key's count is the bits it shares
with it (`int.bit_count`): some 400 integer operations instead of counting the keys of every
matching case one by one (which cost a quarter of a search).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache, reduce
from itertools import compress, repeat
from operator import and_

from publishing.cache import memo_until_next_publication
from submissions.models import Submission

# The filters that are facets: a case has a set of keys for each, and each facet counts its
# choices among the cases the *other* chosen filters leave.
FACETS = ("theme", "form", "county", "municipality")

_BINARY_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FLAGS = bytes.maketrans(b"01", b"\x00\x01")
SPARSE_BITS = 30


@dataclass(frozen=True)
class CaseKeys:
    """The published cases' keys: `position` gives each case's bit (in the order of their
    publication, the oldest first), `ids` the case of each bit; `masks[facet][key]` has the
    bits of the cases with that key and `cases[facet][key]` their ids."""

    position: dict[int, int]
    ids: tuple[int, ...]
    masks: dict[str, dict[str, int]]
    cases: dict[str, dict[str, frozenset[int]]]

    @property
    def everything(self) -> int:
        """The bits of every published case."""
        return (1 << len(self.ids)) - 1

    def mask_of(self, ids) -> int:
        return _mask_of_ids(self.position, ids)

    def ids_of(self, mask: int) -> list[int]:
        """The ids of the cases whose bits are set in `mask`, the lowest bit's first."""
        return _select(self.ids, mask)


def _mask_of_ids(position: dict[int, int], ids) -> int:
    """The bits of `ids` (those not among the published cases left out)."""
    size = len(position)
    return mask_of_bits(map(position.get, ids, repeat(size)), size)


def mask_of_bits(bits, size: int) -> int:
    """The integer with `bits` set (each below `size`, or `size` for none): a byte per bit, set
    in one loop without a test, then read as a binary number, in half the time of setting the
    bits themselves at 10,000 bits."""
    if not size:
        return 0
    flags = bytearray(size + 1)  # the last byte takes what is no bit
    for bit in bits:
        flags[bit] = 1
    del flags[size]
    flags.reverse()  # the first bit's byte last: the lowest bit
    return int(flags.translate(_BINARY_DIGITS), 2)


def bits_of(mask: int) -> list[int]:
    """The bits set in `mask`, the lowest first."""
    return _select(_numbers(mask.bit_length()), mask)


def _select(items, mask: int) -> list:
    """The `items` at the bits set in `mask`, the lowest first: a few bits taken one by one,
    more selected in one pass in C (each way costs about as much at 30 bits of 10,000)."""
    if mask.bit_count() > SPARSE_BITS:
        return list(compress(items, _flags(mask)))
    found = []
    while mask:
        lowest = mask & -mask
        found.append(items[lowest.bit_length() - 1])
        mask ^= lowest
    return found


@lru_cache(maxsize=4)
def _numbers_below(size: int) -> tuple[int, ...]:
    return tuple(range(size))


def _numbers(size: int) -> tuple[int, ...]:
    """0, 1, ... up to at least `size`, kept (a tuple of 10,000 numbers is read faster than
    they are counted), in steps of 4,096 so that a few tuples serve every mask."""
    return _numbers_below(-(-size // 4096) * 4096)


def _flags(mask: int) -> bytes:
    """A byte per bit of `mask`, the lowest first: its binary digits, read in C."""
    return bin(mask)[:1:-1].encode().translate(_FLAGS)


def case_keys() -> CaseKeys:
    """The published cases' keys per facet ("theme": "arbeid", "county": "03", ...), read once
    per publication generation and process."""
    memo = memo_until_next_publication("facet-keys")
    if "keys" not in memo:
        memo["keys"] = _index(_read_keys())
    return memo["keys"]


def _index(found: dict[int, dict[str, set]]) -> CaseKeys:
    position = {pk: bit for bit, pk in enumerate(found)}
    cases = {name: defaultdict(set) for name in FACETS}
    for pk, keys in found.items():
        for name in FACETS:
            for key in keys.get(name, ()):
                cases[name][key].add(pk)
    masks = {
        name: {key: _mask_of_ids(position, pks) for key, pks in by_key.items()}
        for name, by_key in cases.items()
    }
    frozen = {
        name: {key: frozenset(pks) for key, pks in by_key.items()} for name, by_key in cases.items()
    }
    return CaseKeys(position, tuple(position), masks, frozen)


def _read_keys() -> dict[int, dict[str, set]]:
    published = Submission.objects.published()
    found = defaultdict(lambda: defaultdict(set))
    # The bits in the order of publication, as the search documents are sorted by (selectors).
    cases = published.order_by("published_at", "pk")
    for pk, theme, form in cases.values_list("pk", "main_theme__slug", "collaboration_form"):
        found[pk]["form"].add(form)
        if theme:
            found[pk]["theme"].add(theme)
    further = Submission.themes.through.objects.filter(submission__in=published.values("pk"))
    for pk, theme in further.values_list("submission_id", "theme__slug"):
        if pk in found:
            found[pk]["theme"].add(theme)
    places = Submission.municipalities.through.objects.filter(
        submission__in=published.values("pk")
    ).values_list("submission_id", "municipality__number", "municipality__county__number")
    for pk, municipality, county in places:
        if pk in found:
            found[pk]["municipality"].add(municipality)
            found[pk]["county"].add(county)
    return found


def narrow(ids, chosen: dict[str, str]) -> tuple[list[int], dict[str, Counter]]:
    """The `ids` (in their order) that have every chosen key, and per facet how many of `ids`
    each of its keys would leave with the other chosen filters (a case with two counties counts
    in both)."""
    keys = case_keys()
    # A case published after the keys were read is shown from the next generation on.
    with_chosen = [keys.cases[name].get(value, frozenset()) for name, value in chosen.items()]
    allowed = reduce(frozenset.intersection, with_chosen) if with_chosen else keys.position
    shown = list(filter(allowed.__contains__, ids))
    return shown, _counts(keys, keys.mask_of(ids), _chosen_masks(keys, chosen))


def narrow_mask(found: int, chosen: dict[str, str]) -> tuple[int, dict[str, Counter]]:
    """narrow() for the cases of the bits in `found` (CaseKeys): the bits of those that have
    every chosen key, and the counts."""
    keys = case_keys()
    chosen_masks = _chosen_masks(keys, chosen)
    return reduce(and_, chosen_masks.values(), found), _counts(keys, found, chosen_masks)


def _chosen_masks(keys: CaseKeys, chosen: dict[str, str]) -> dict[str, int]:
    return {name: keys.masks[name].get(value, 0) for name, value in chosen.items()}


def _counts(keys: CaseKeys, found: int, chosen_masks: dict[str, int]) -> dict[str, Counter]:
    counts = {}
    for name in FACETS:
        # Among the cases the other chosen filters leave.
        others = [mask for other, mask in chosen_masks.items() if other != name]
        leaves = reduce(and_, others, found)
        counts[name] = Counter(
            {key: (leaves & mask).bit_count() for key, mask in keys.masks[name].items()}
        )
    return counts
