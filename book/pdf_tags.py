"""The language of each passage in the PDF's structure tree (PDF/UA-1 7.2, WCAG 3.1.2).

WeasyPrint 70 writes the document's language (the catalogue's /Lang, from <html lang>) but not
the language of the elements inside: a Nynorsk or English case in the Bokmål book would be read
aloud as Bokmål. `add_passage_languages()` wraps WeasyPrint's builder of the structure tree so
that the structure element of every HTML element with a `lang` attribute gets that /Lang. It
wraps a private function: if a WeasyPrint upgrade renames it, this does nothing and
tests/book/test_design.py fails on the missing /Lang.
"""

import functools

_MARK = "_kokebok_passage_languages"


def add_passage_languages() -> None:
    """Install the wrapper once per process (idempotent)."""
    try:
        import pydyf
        from weasyprint.pdf import tags
    except ImportError:  # pragma: no cover (WeasyPrint is a dependency)
        return
    original = getattr(tags, "_build_box_tree", None)
    if original is None or getattr(original, _MARK, False):
        return

    @functools.wraps(original)
    def build_box_tree(box, parent, *args):
        language = _language_of(box)
        for element in original(box, parent, *args):
            if language and "Lang" not in element:
                element["Lang"] = pydyf.String(language)
            yield element

    setattr(build_box_tree, _MARK, True)
    tags._build_box_tree = build_box_tree  # the recursion looks it up in the module too


def _language_of(box) -> str:
    box = getattr(box, "_box", box)  # an absolutely positioned box's placeholder
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) in (None, "html", "body"):
        return ""
    return (element.get("lang") or "").strip()
