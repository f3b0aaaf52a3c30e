"""What form a word is searched by, on both databases.

The one rule for both sides: the stored search documents and the reader's words are reduced to
the same form, so "syklene" finds "sykkel" and "barna" finds "barn": in SQLite's documents as
text, in PostgreSQL's vectors and queries as lexemes (publishing.pg_search).
"""

import re
import threading
from functools import lru_cache

import snowballstemmer

WORDS = re.compile(r"\w+")

# Snowball's Norwegian stemmer removes endings but does not undo the stem changes of nouns in
# -el, whose plural drops the "e" (and a doubled consonant): sykkel/sykler -> "sykkel"/"sykl",
# eksempel/eksempler, nøkkel/nøklar, regel/regler. So a stem ending in a consonant and "el" is
# written the way the plural is: "sykkel" -> "sykl".
_EL_STEM = re.compile(r"(.*[aeiouyæøå].*?)(?P<c>[bcdfghjklmnpqrstvwxz])(?P=c)?el")

# Stems Snowball leaves apart that are one word: the Nynorsk plural "borna" of "barn".
_SAME_WORD = {"born": "barn"}

# Longer words are kept as they are: no Norwegian word needs it, and the stemmer's time grows
# with the square of a word's length (a 50,000-letter word took 18 s). It also bounds what the
# cache below holds.
MAX_STEMMED_LENGTH = 40

# A Snowball stemmer object keeps state while it works: one per thread.
_local = threading.local()


def _stemmer():
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("norwegian")
    return _local.stemmer


@lru_cache(maxsize=65536)
def search_form(word: str) -> str:
    """The form `word` is stored and searched by: lower case, stemmed, with the rules above."""
    if len(word) > MAX_STEMMED_LENGTH:
        return word.lower()
    stem = _stemmer().stemWord(word.lower())
    stem = _SAME_WORD.get(stem, stem)
    if match := _EL_STEM.fullmatch(stem):
        stem = f"{match[1]}{match['c']}l"
    return stem


def words_of(text: str) -> list[str]:
    """The words of `text` in lower case, without punctuation."""
    return WORDS.findall(text.lower())
