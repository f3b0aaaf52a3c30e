"""Text helpers that are not about forms."""

# Norwegian alphabetical order ends with æ, ø, å; code point order puts å first. A translation
# table is enough for names (a collation library such as PyICU would be a heavy dependency).
NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def norwegian_sort_key(text: str) -> str:
    return text.lower().translate(NORWEGIAN_ORDER)
