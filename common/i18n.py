"""Editor-written text in three languages: `field` (Bokmål), `field_nn` and `field_en`."""

from django.utils.translation import get_language

TRANSLATED_LANGUAGES = ("nn", "en")


def localized(obj, field: str, language: str | None = None) -> str:
    """The text of `field` in the active language, or the Bokmål text where that is empty."""
    language = (language or get_language() or "nb")[:2]
    if language in TRANSLATED_LANGUAGES:
        translated = getattr(obj, f"{field}_{language}", "")
        if translated:
            return translated
    return getattr(obj, field)
