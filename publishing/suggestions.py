"""What a search that found nothing offers instead: the filters' choices (themes, forms of
collaboration, counties, municipalities) whose names resemble the reader's words.

Worked out in Python from the choices the filter form already holds, so an empty result costs
no query more than any other.
"""

from difflib import SequenceMatcher

from publishing.words import search_form, words_of

MAX_SUGGESTIONS = 8
# The search itself reads no more words than this (publishing.selectors.MAX_SEARCH_WORDS); with
# about 400 choices, each word costs a few thousand comparisons.
MAX_WORDS = 8
# Shorter words ("og", "i") resemble too much to be worth a suggestion.
MIN_WORD_LENGTH = 3
# How alike two words must be (difflib's ratio) to count as a misspelling of one another:
# "integrring"/"integrering" is 0.95, "barn"/"bord" 0.5.
MIN_RATIO = 0.8


def resembles(word: str, name_word: str) -> bool:
    """Does the reader's `word` name `name_word`: the same search form, the start of it, or
    spelt nearly alike?"""
    if search_form(word) == search_form(name_word):
        return True
    if len(word) >= 4 and name_word.startswith(word):
        return True
    # difflib's cheapest upper bound, from the lengths alone, before building a matcher.
    if 2 * min(len(word), len(name_word)) < MIN_RATIO * (len(word) + len(name_word)):
        return False
    matcher = SequenceMatcher(None, word, name_word)
    # The quick upper bounds first: most pairs fail there without the full comparison.
    return (
        matcher.real_quick_ratio() >= MIN_RATIO
        and matcher.quick_ratio() >= MIN_RATIO
        and matcher.ratio() >= MIN_RATIO
    )


def resembling_choices(text: str, choices: dict[str, list[tuple[str, str]]]) -> list[dict]:
    """Per filter (`choices` maps its name to (value, label) pairs), the choices whose labels
    have a word resembling one of the words of `text`, in the filters' order, at most
    MAX_SUGGESTIONS: [{"filter": "theme", "value": "integrering", "label": "Integrering"}]."""
    words = [word for word in words_of(text) if len(word) >= MIN_WORD_LENGTH][:MAX_WORDS]
    # Labels share words ("Møre og Romsdal" in forty municipalities): each is compared once.
    compared = {}

    def named(label_word: str) -> bool:
        if label_word not in compared:
            compared[label_word] = any(resembles(word, label_word) for word in words)
        return compared[label_word]

    found = []
    for name, pairs in choices.items():
        for value, label in pairs:
            if value and any(named(label_word) for label_word in words_of(str(label))):
                found.append({"filter": name, "value": value, "label": str(label)})
                if len(found) == MAX_SUGGESTIONS:
                    return found
    return found
