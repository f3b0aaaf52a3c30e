"""PostgreSQL's side of the search: the stored vectors and the reader's query, both written out
from the project's own search forms (publishing.words), so that PostgreSQL finds what SQLite
finds ("syklene" finds "sykkel", "borna" finds "barn").

Neither side goes through a text-search configuration: the vector and the query are written as
PostgreSQL's tsvector and tsquery literals, every lexeme quoted, and read with a cast. A
configuration's parser would split some words differently from `words_of` (an underscore, for
one), and its dictionary would stem them a second time.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery

from publishing.words import search_form, words_of

# What PostgreSQL keeps of a tsvector: positions up to 16383 (later words share the last),
# 256 positions per lexeme, lexemes under 2 KB (a longer word is no word anyone searches for).
MAX_POSITION = 16383
MAX_POSITIONS = 256
MAX_LEXEME_CHARS = 200

# The weights that rank a case (publishing.services: title A, pitch and names B).
RANK_WEIGHTS = ("A", "B")

# websearch's syntax: "a quoted phrase" (the closing quote may be missing), -excluded, "or".
_TERM = re.compile(r'(?P<exclude>-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
_OR = "or"


def vector_literal(weighted: dict[str, str], weights=None) -> str:
    """A tsvector literal of the search forms of the texts in `weighted` ({weight: text}),
    each word at its position in the texts one after the other, with its text's weight.
    `weights`: only the texts of these weights (the positions stay those of the whole)."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, text in weighted.items():
        for word in words_of(text):
            position += 1
            if len(word) > MAX_LEXEME_CHARS or (weights and weight not in weights):
                continue
            at = positions.setdefault(search_form(word), [])
            if len(at) < MAX_POSITIONS:
                at.append(f"{min(position, MAX_POSITION)}{weight}")
    return " ".join(f"{quoted(lexeme)}:{','.join(at)}" for lexeme, at in positions.items())


@dataclass(frozen=True)
class Term:
    """One term of a query: the search forms of its words (in a row, a phrase, if more than
    one), and whether a case must not have it."""

    forms: tuple[str, ...]
    exclude: bool = False

    @property
    def literal(self) -> str:
        operand = " <-> ".join(map(quoted, self.forms))
        operand = f"({operand})" if len(self.forms) > 1 else operand
        return f"!{operand}" if self.exclude else operand


@dataclass(frozen=True)
class ParsedQuery:
    """A reader's words: `groups` are alternatives, each met by a case that meets every one of
    its terms. As tsquery literals: `match` what a case must match ("" for nothing), `rank` the
    words it is ranked by (every wanted word OR'd, "" for none)."""

    groups: tuple[tuple[Term, ...], ...]

    @property
    def match(self) -> str:
        return " | ".join(
            f"({' & '.join(term.literal for term in group)})" for group in self.groups
        )

    @property
    def wanted(self) -> tuple[str, ...]:
        """The search forms of the words not excluded, each once, in the query's order."""
        forms = (
            form
            for group in self.groups
            for term in group
            if not term.exclude
            for form in term.forms
        )
        return tuple(dict.fromkeys(forms))

    @property
    def rank(self) -> str:
        return " | ".join(map(quoted, self.wanted))

    @property
    def has_phrase(self) -> bool:
        return any(len(term.forms) > 1 for group in self.groups for term in group)


def parse_query(text: str, max_words: int) -> ParsedQuery:
    """The reader's `text` in websearch's syntax, at most `max_words` words: terms side by side
    must all match, "or" between terms gives alternatives, a "quoted phrase" (or a word with a
    hyphen) matches its words in a row, a term after "-" must not match. Every word becomes its
    search form, quoted in the literals, so that no input can make a syntax error."""
    groups, current, words = [], [], 0
    for term in _TERM.finditer(text):
        written = term["phrase"] if term["phrase"] is not None else term["word"]
        if not term["exclude"] and term["phrase"] is None and written.lower() == _OR:
            groups.append(tuple(current))
            current = []
            continue
        forms = tuple(search_form(word) for word in words_of(written)[: max_words - words])
        if forms:
            words += len(forms)
            current.append(Term(forms, exclude=bool(term["exclude"])))
    return ParsedQuery(tuple(group for group in [*groups, tuple(current)] if group))


def parse_words(words: list[str]) -> str:
    """A tsquery literal matching any of `words` (by search form)."""
    return " | ".join(dict.fromkeys(quoted(search_form(word)) for word in words))


class WrittenQuery(SearchQuery):
    """A tsquery literal, read as written: no parser, no dictionary."""

    template = "(%(expressions)s)::tsquery"

    def __init__(self, literal: str):
        super().__init__(literal)


def quoted(lexeme: str) -> str:
    """A lexeme in quotes, as tsvector and tsquery literals read it."""
    escaped = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"
