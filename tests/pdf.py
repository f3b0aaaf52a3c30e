"""Reading the book's PDFs back (with pypdf), and whether this machine can make them at all."""

import io
import os
import re


def _weasyprint_problem() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # OSError: the Pango library failed to load
        return f"{type(error).__name__}: {error}"
    return None


# Why WeasyPrint cannot run here (None when it can); under CI=true the book's tests run anyway
# and fail, since CI must never pass without the book.
WEASYPRINT_PROBLEM = _weasyprint_problem()
IN_CI = os.environ.get("CI", "").strip().lower() == "true"


def read_pdf(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    """Each page's text, with the invisible break opportunities of book.text removed."""
    return [page.extract_text().replace("\u200b", "") for page in read_pdf(data).pages]


def all_text(data: bytes) -> str:
    return "\n".join(page_texts(data))


def outline_titles(data: bytes) -> list:
    """The bookmarks as nested lists of titles."""

    def walk(items):
        result = []
        for item in items:
            if isinstance(item, list):
                result.append(walk(item))
            else:
                result.append(item.title)
        return result

    return walk(read_pdf(data).outline)


def destination_pages(data: bytes) -> dict[str, int]:
    """Named destinations (the HTML ids) and their 1-based page numbers."""
    reader = read_pdf(data)
    return {
        name: reader.get_destination_page_number(destination) + 1
        for name, destination in reader.named_destinations.items()
    }


def toc_entries(data: bytes) -> dict[str, int]:
    """The table of contents' lines "Title ....... 7" as {title: 7}."""
    toc_page = next(text for text in page_texts(data) if text.lstrip().startswith("Innhold"))
    entries = {}
    for line in toc_page.splitlines():
        match = re.match(r"^(.*?)\s*\.{3,}\s*(\d+)\s*$", line.strip())
        if match:
            entries[match.group(1).strip()] = int(match.group(2))
    return entries


def xmp_metadata(data: bytes) -> bytes:
    return read_pdf(data).trailer["/Root"]["/Metadata"].get_object().get_data()


def structure_elements(data: bytes) -> list:
    """Every element of the tagged structure tree (dictionaries with /S), in document order."""
    found = []

    def walk(node, depth=0):
        node = node.get_object() if hasattr(node, "get_object") else node
        if depth > 400:
            return
        if isinstance(node, list):
            for child in node:
                walk(child, depth + 1)
        elif hasattr(node, "keys"):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node["/K"], depth + 1)

    walk(read_pdf(data).trailer["/Root"]["/StructTreeRoot"])
    return found


def alt_texts(data: bytes) -> list[str]:
    """Every /Alt text in the structure tree (the images' alternative texts)."""
    return [str(element["/Alt"]) for element in structure_elements(data) if "/Alt" in element]


# --- PDFs made with pypdf, for the attachment check (submissions/pdf_check.py) ---


def _written(writer) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _writer():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    return writer


def plain_pdf() -> bytes:
    """A one-page PDF with a link (an ordinary action) and nothing active."""
    from pypdf.annotations import Link

    writer = _writer()
    writer.add_annotation(0, Link(rect=(10, 10, 100, 30), url="https://example.no/"))
    return _written(writer)


def _action(kind: str, **entries):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def active_pdf(kind: str) -> bytes:
    """A PDF carrying one kind of active content: "javascript" (a document script),
    "open-action" (a script run on opening), "launch" (a page action starting a program),
    "embedded-file", "xfa", or "encrypted" (a password, so nothing can be checked)."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = _writer()
    root = writer._root_object
    if kind == "javascript":
        scripts = ArrayObject([TextStringObject("hei"), _action("/JavaScript", JS="app.alert(1);")])
        names = DictionaryObject({NameObject("/Names"): scripts})
        root[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): names})
    elif kind == "open-action":
        root[NameObject("/OpenAction")] = _action("/JavaScript", JS="app.alert('hei');")
    elif kind == "launch":
        actions = DictionaryObject({NameObject("/O"): _action("/Launch", F="calc.exe")})
        writer.pages[0][NameObject("/AA")] = actions
    elif kind == "embedded-file":
        writer.add_attachment("notat.txt", b"hemmelig")
    elif kind == "xfa":
        root[NameObject("/AcroForm")] = DictionaryObject(
            {
                NameObject("/Fields"): ArrayObject(),
                NameObject("/XFA"): TextStringObject("<xdp:xdp/>"),
            }
        )
    elif kind == "encrypted":
        writer.encrypt("hemmelig")
    else:
        raise ValueError(kind)
    return _written(writer)


ACTIVE_KINDS = ["javascript", "open-action", "launch", "embedded-file", "xfa"]
