"""Conditions on text that the reads (publishing.selectors) and the word index
(publishing.word_index) both put to the database, so that each finds what the other does."""

import operator
from functools import reduce

from django.db.models import Case, Q, Value, When

from publishing.words import search_form


def contains(field: str, text: str) -> Q:
    """Case-insensitive substring match. SQLite's LIKE ignores case for ASCII letters only, so
    "ålesund" would miss "Ålesund": the usual capitalisations are tried as well."""
    variants = {text, text.lower(), text.upper(), text.capitalize()}
    return reduce(operator.or_, (Q(**{f"{field}__icontains": v}) for v in variants))


def in_document(word: str) -> Q:
    """SQLite: a case whose search document has `word` (one of words_of's, in lower case) as
    typed or in its search form, anywhere in a word."""
    forms = {word, search_form(word)}
    return reduce(operator.or_, (Q(search_document__text__contains=form) for form in forms))


def in_title(word: str) -> Case:
    """SQLite's rank of a case for `word`: 1 if its title has it, else 0."""
    return Case(When(contains("title", word), then=Value(1)), default=Value(0))
