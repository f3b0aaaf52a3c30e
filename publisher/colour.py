"""The colour of the book's cover: a hex colour on which the cover's white text keeps WCAG AA
contrast (4.5:1 for ordinary text, 1.4.3). A colour too light is refused with its contrast and a
darker shade of it that passes, so the editor decides; it is never darkened silently."""

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# Designsystemet's "digdir" accent (base-default), the cover's colour until an editor sets one.
DEFAULT_COVER_COLOUR = "#0062BA"
MIN_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#[0-9A-F]{6}$")


def normalised(text: str) -> str:
    """What an editor typed, as the field stores it: "#", six upper-case hex digits. Anything
    else comes back stripped but otherwise as typed, for the validator to refuse."""
    text = (text or "").strip().upper()
    if re.fullmatch(r"[0-9A-F]{6}", text):
        text = "#" + text
    return text


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _luminance(rgb) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(channel) for channel in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    return rgb_contrast_with_white(_rgb(colour))


def rgb_contrast_with_white(rgb) -> float:
    """WCAG 2's contrast ratio of an sRGB colour (channels 0 to 255) with white."""
    return 1.05 / (_luminance(rgb) + 0.05)


def darker_for_white_text(colour: str) -> str:
    """The same hue darkened just enough for white text (the lightest such shade)."""
    rgb = _rgb(colour)
    for step in range(100, -1, -1):
        shade = tuple(round(channel * step / 100) for channel in rgb)
        if rgb_contrast_with_white(shade) >= MIN_CONTRAST:
            return "#" + "".join(f"{channel:02X}" for channel in shade)
    return "#000000"  # unreachable: black passes


def validate_cover_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Write the colour as # and six hexadecimal digits, for example #0062BA."),
            code="cover_colour_format",
        )
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "The cover's title is white: on %(colour)s its contrast is only %(ratio)s:1, and "
                "it must be at least 4.5:1 (WCAG AA). The colour was not saved. Choose a darker "
                "one, for example %(darker)s (the same colour, darkened)."
            ),
            code="cover_colour_contrast",
            params={
                "colour": value,
                # Rounded down, so that 4.47 never reads as the 4.5 it misses.
                "ratio": number_format(int(ratio * 10) / 10, 1),
                "darker": darker_for_white_text(value),
            },
        )


def cover_colour(value: str) -> str:
    """The colour the cover is printed in: the stored one when valid (the validator guards the
    admin; this guards the template against a row changed some other way)."""
    try:
        validate_cover_colour(value)
    except ValidationError:
        return DEFAULT_COVER_COLOUR
    return value
