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


def alt_texts(data: bytes) -> list[str]:
    """Every /Alt text in the structure tree (the images' alternative texts)."""
    found = []

    def walk(node, depth=0):
        node = node.get_object() if hasattr(node, "get_object") else node
        if depth > 200:
            return
        if isinstance(node, list):
            for child in node:
                walk(child, depth + 1)
        elif hasattr(node, "keys"):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"], depth + 1)

    walk(read_pdf(data).trailer["/Root"]["/StructTreeRoot"])
    return found
