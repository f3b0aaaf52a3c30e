"""A select's <option>s written as strings: the escaped value and label of each choice are
worked out once (`option_pieces`, kept per publication and language by the list page), and each
request only marks its chosen one and adds the counts (`write_options`). A search page has some
300 municipalities; written by the template engine or a widget they cost half the page."""

from collections.abc import Iterable, Mapping
from html import escape

# (value, '<option value="…"', escaped label) per choice.
Pieces = tuple[tuple[str, str, str], ...]


def option_pieces(choices: Iterable) -> Pieces:
    return tuple(
        (str(value), f'<option value="{escape(str(value))}"', escape(str(label)))
        for value, label in choices
    )


def write_options(pieces: Pieces, chosen, counts: Mapping | None) -> str:
    """The options, `chosen` selected, each but the empty one with its count when `counts` is
    given ("Pilot (3)")."""
    chosen = "" if chosen is None else str(chosen)
    return "\n".join(
        f"{head}{' selected' if value == chosen else ''}>{label}"
        f"{f' ({counts[value]})' if counts is not None and value else ''}</option>"
        for value, head, label in pieces
    )
