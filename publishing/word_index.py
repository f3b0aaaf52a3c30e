"""A reader's words matched and ranked in this process's memory.

Which published cases have a word changes only with a publication. So each word is read from
the database once per publication generation and process, the first time a reader searches for
it: the cases that have it, as a bitmask over the published cases (the facets' bits,
publishing.facets), and those of them it ranks, grouped by its part of their rank (its
levels). A search of words already read costs no query: its matches are a few operations on
integers, the facets count the same mask, and the ranks are summed level by level. At 10,000
cases PostgreSQL spent 15 ms of its own per search matching, ranking and sorting most of them
for a common word, and SQLite scanned every document (bench/README.md, ninth pass).

On PostgreSQL a word is a lexeme of the stored vectors (publishing.pg_search), and the rank is
its `ts_rank` of the wanted words OR'd (`calc_rank_or` in its tsrank.c), worked out in single
precision as PostgreSQL does, so the order is the database's own (tested against it). A phrase
needs the positions of its words in the whole text, which are not kept: `find()` leaves such a
search to the database (publishing.selectors). On SQLite a word is found as a substring of the
documents, as typed or in its search form, and ranks 1 for each case whose title has it
(publishing.lookups), as selectors.search_cases() finds and ranks them.
"""

import struct
import sys
from array import array
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache, reduce
from itertools import repeat
from operator import add, and_, or_, truediv

from django.db import connection

from publishing.cache import memo_until_next_publication
from publishing.facets import CaseKeys, bits_of, case_keys
from publishing.lookups import in_document, in_title
from publishing.models import SearchDocument
from publishing.pg_search import ParsedQuery, quoted
from submissions.models import Submission

# A bound on the memory a process gives the words it keeps (at 10,000 cases a common word takes
# some 42 KB, its bitmasks of an eighth of a byte per case for itself and each of its 30-odd
# levels of rank); when it is full, they are all read again as readers search for them.
MAX_WORDS_MEMORY = 32 * 2**20
# Beyond this many parts a rank is summed case by case (Found.rank_groups): at 10,000 cases two
# common words make 250 parts (0.8 ms a search); eight made 5,000 parts and 320 ms, where summed
# case by case they take 38 ms.
MAX_RANK_PARTS = 512

_FLOAT = struct.Struct("f")


def _single(value: float) -> float:
    """`value` rounded to single precision, C's float, in which PostgreSQL sums a rank."""
    return _FLOAT.unpack(_FLOAT.pack(value))[0]


# ts_rank's default weights of D, C, B and A, and the sum of 1/i² it divides by, as tsrank.c
# writes them.
_WEIGHTS = {"D": _single(0.1), "C": _single(0.2), "B": _single(0.4), "A": _single(1.0)}
_SUM_OF_INVERSE_SQUARES = 1.64493406685


@dataclass(frozen=True)
class Word:
    """One word: `mask` the bits of the published cases that have it; the cases it ranks
    (`ranked`) by its part of their rank, `levels`: (share, bits). On PostgreSQL a share depends
    only on the weights of the word's places in the title, pitch and names, so a word has a few
    levels, however many cases have it; on SQLite it has one, its title's."""

    mask: int
    ranked: int
    levels: tuple[tuple[float, int], ...]

    def shares(self, among: int) -> dict[int, float]:
        """Its share of the rank per bit of `among` that has one (for summing case by case)."""
        shares = {}
        for share, mask in self.levels:
            shares.update(dict.fromkeys(bits_of(mask & among), share))
        return shares

    @property
    def memory(self) -> int:
        """About the bytes it keeps."""
        return sum(map(sys.getsizeof, [self.mask, self.ranked, *(m for _s, m in self.levels)]))


@dataclass(frozen=True)
class Found:
    """The published cases a query matches (`mask`), and the words they are ranked by
    (`wanted`, in the order ts_rank sums them)."""

    keys: CaseKeys
    mask: int
    wanted: tuple[Word, ...]

    def ids(self, shown: int, sort: str) -> "OrderedIds":
        """The ids of the cases of the bits in `shown` (some of `mask`), in the order `sort`
        as selectors.SORT_ORDERS has it: bits are in the order of publication."""
        if sort == "oldest":
            return OrderedIds(self.keys, [shown], oldest=True)
        if sort != "relevance" or not self.wanted:  # nothing but excluded words: no rank
            return OrderedIds(self.keys, [shown])
        ranked = shown & reduce(or_, (word.ranked for word in self.wanted))
        groups = [part for _rank, part in self.rank_groups(ranked)]
        return OrderedIds(self.keys, [*groups, shown & ~ranked])

    def rank_groups(self, ranked: int) -> list[tuple[float, int | list[int]]]:
        """The cases of `ranked` (each with a wanted word in the rank's vector) grouped by
        their ts_rank, the highest first: (rank, their bits, as a mask or a list).

        The cases are split word by word, in ts_rank's order, by the word's level (or its
        absence), each part's sum kept in single precision as ts_rank keeps it: a few
        operations on integers per level instead of a sum per case. Many words with many
        levels would make more parts than cases: then it is summed case by case."""
        parts = [(0.0, ranked)]
        for word in self.wanted:
            split = []
            for total, mask in parts:
                for share, has in word.levels:
                    if both := mask & has:
                        split.append((_single(total + share), both))
                if without := mask & ~word.ranked:
                    split.append((total, without))
            if len(split) > MAX_RANK_PARTS:
                return self._case_by_case(ranked)
            parts = split
        ranks = defaultdict(int)
        for total, mask in parts:
            ranks[_single(total / len(self.wanted))] |= mask
        return sorted(ranks.items(), reverse=True)

    def _case_by_case(self, ranked: int) -> list[tuple[float, list[int]]]:
        """rank_groups() summed per case, the newest first within a rank: per word its share
        added in double precision, and the sums rounded to single precision a whole list at a
        time (array("f"), in C)."""
        bits = bits_of(ranked)[::-1]
        sums = [0.0] * len(bits)
        for word in self.wanted:
            sums = array(
                "f", map(add, sums, map(word.shares(ranked).get, bits, repeat(0.0)))
            ).tolist()
        ranks = array("f", map(truediv, sums, repeat(len(self.wanted)))).tolist()
        groups = defaultdict(list)
        for bit, rank in zip(bits, ranks, strict=True):
            groups[rank].append(bit)
        return sorted(groups.items(), reverse=True)


class OrderedIds:
    """The ids of the cases of `parts`, one part after the other: a part is a mask, its cases
    listed the newest first (or the oldest first), or a list of bits in their order. A list the
    paginator slices, which reads the ids of the parts on the page shown only."""

    def __init__(self, keys: CaseKeys, parts: list[int | list[int]], *, oldest=False):
        self.keys = keys
        self.parts = [part for part in parts if part]
        self.counts = [_count(part) for part in self.parts]
        self.oldest = oldest

    def __len__(self) -> int:
        return sum(self.counts)

    def __iter__(self):
        for part in self.parts:
            yield from self._ids_of(part)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            return list(self)[index]
        start, stop, _step = index.indices(len(self))
        found, before = [], 0
        for part, count in zip(self.parts, self.counts, strict=True):
            if before < stop and start < before + count:
                found += self._ids_of(part)[max(start - before, 0) : stop - before]
            before += count
        return found

    def _ids_of(self, part: int | list[int]) -> list[int]:
        if isinstance(part, list):
            return [self.keys.ids[bit] for bit in part]
        ids = self.keys.ids_of(part)
        return ids if self.oldest else ids[::-1]


def _count(part: int | list[int]) -> int:
    return len(part) if isinstance(part, list) else part.bit_count()


def find(query: ParsedQuery) -> Found | None:
    """The published cases `query` matches; None for a query with a phrase."""
    if query.has_phrase:
        return None
    keys = case_keys()
    words = _words({form for group in query.groups for term in group for form in term.forms}, keys)
    mask = 0
    for group in query.groups:
        matched = keys.everything
        for term in group:
            has = words[term.forms[0]].mask
            matched &= ~has if term.exclude else has
        mask |= matched
    # ts_rank sums the words in the order of their bytes, as PostgreSQL compares lexemes.
    wanted = tuple(words[form] for form in sorted(query.wanted, key=str.encode))
    return Found(keys, mask, wanted)


def find_all(words: list[str]) -> Found:
    """SQLite: the published cases whose documents have every one of `words` (from words_of:
    as typed or in its search form, anywhere in a word), ranked by how many of them their
    title has, as selectors.search_cases() finds and ranks them."""
    keys = case_keys()
    kept = _words(set(words), keys)
    mask = reduce(and_, (kept[word].mask for word in words), keys.everything) if words else 0
    return Found(keys, mask, tuple(kept[word] for word in words))


def _words(forms: set[str], keys: CaseKeys) -> dict[str, Word]:
    """The Word of each of `forms`, those not yet kept read from the database."""
    memo = memo_until_next_publication("search-words")
    kept = memo.setdefault("words", {})
    missing = sorted(forms.difference(kept))
    if missing:
        read = _read(missing, keys)
        added = sum(word.memory for word in read.values())
        if memo.setdefault("memory", 0) + added > MAX_WORDS_MEMORY:
            kept.clear()
            memo["memory"] = 0
        kept.update(read)
        memo["memory"] += added
    return {form: kept[form] for form in forms}


_MATCHING = """
    SELECT form, ARRAY(
        SELECT submission_id FROM {table}
        WHERE published_at IS NOT NULL AND vector @@ literal::tsquery
    )
    FROM unnest(%s::text[], %s::text[]) AS words(form, literal)
"""
# The rank vector cut down to the words (all its lexemes but theirs deleted: a quarter of the
# time of unnesting every lexeme of 10,000 vectors), the cases grouped by each word's weights.
_RANKED = """
    SELECT lexeme, weights, array_agg(submission_id) FROM {table},
        unnest(ts_delete(rank_vector, tsvector_to_array(ts_delete(rank_vector, %s::text[]))))
    WHERE published_at IS NOT NULL AND rank_vector @@ %s::tsquery
    GROUP BY lexeme, weights
"""


def _read(forms: list[str], keys: CaseKeys) -> dict[str, Word]:
    """The Words of `forms`, read from the database. A case published after the keys were read
    has no bit yet: it is found from the next generation on."""
    if connection.vendor == "postgresql":
        return _read_vectors(forms, keys)
    return {form: _read_substring(form, keys) for form in forms}


def _read_substring(word: str, keys: CaseKeys) -> Word:
    """SQLite: one query, the published cases whose document has `word` and whether their
    title has it (its one level of rank, 1: selectors.search_cases counts the words in the
    title)."""
    cases = Submission.objects.published().filter(in_document(word))
    rows = list(cases.values_list("pk", in_title(word)))
    mask = keys.mask_of(pk for pk, _titled in rows)
    titled = keys.mask_of(pk for pk, titled in rows if titled)
    return Word(mask=mask, ranked=titled, levels=((1.0, titled),) if titled else ())


def _read_vectors(forms: list[str], keys: CaseKeys) -> dict[str, Word]:
    """PostgreSQL: two queries for any number of words: the cases that have each (its GIN
    index), and those that have it in their rank vectors grouped by the weights of its places
    there, which make its share of the rank."""
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    literals = [quoted(form) for form in forms]
    levels = {form: defaultdict(int) for form in forms}
    with connection.cursor() as cursor:
        cursor.execute(_MATCHING.format(table=table), [forms, literals])
        matching = cursor.fetchall()
        cursor.execute(_RANKED.format(table=table), [forms, " | ".join(literals)])
        for form, weights, ids in cursor.fetchall():
            levels[form][_share(tuple(weights))] |= keys.mask_of(ids)
    return {
        form: Word(
            mask=keys.mask_of(ids),
            ranked=reduce(or_, levels[form].values(), 0),
            levels=tuple(levels[form].items()),
        )
        for form, ids in matching
    }


@lru_cache(maxsize=1024)
def _share(weights: tuple[str, ...]) -> float:
    """A word's part of ts_rank from the weights of its positions in a rank vector (in the
    order of the positions), before it is added to the sum: calc_rank_or's own steps, each
    rounded to single precision where tsrank.c computes in float."""
    total, heaviest, at = 0.0, -1.0, 0
    for j, weight in enumerate(weights):
        value = _WEIGHTS[weight]
        total = _single(total + _single(value / ((j + 1) * (j + 1))))
        if value > heaviest:
            heaviest, at = value, j
    kept = _single(_single(heaviest + total) - _single(heaviest / ((at + 1) * (at + 1))))
    return kept / _SUM_OF_INVERSE_SQUARES
