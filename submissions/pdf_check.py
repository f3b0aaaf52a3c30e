"""Whether a PDF carries active content: scripts, actions that launch programs or open
addresses on opening, embedded files, or XFA forms. Such a PDF is refused, not cleaned: we keep
the sender's file byte for byte, and a viewer must never run anything from an attachment.

pypdf reads the file (`strict=False`, as viewers do); every object reachable from the trailer
is walked, without decoding any stream. What pypdf cannot read, or cannot read without a
password, is refused too: what we cannot check, we do not keep.
"""

import io
import logging

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

logger = logging.getLogger("kokebok.submissions")

# Dictionaries and arrays walked at most: a long tagged report holds tens of thousands; past
# this many (a second or two of work) we stop looking and refuse.
MAX_OBJECTS = 200_000
# Keys whose mere presence means active content (or a container of it).
ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/XFA", "/RichMedia"}
# Actions (the /S of an action dictionary) that run code or leave the document on their own.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"}
ACTIVE_TYPES = {"/EmbeddedFile", "/Filespec"}
ACTIVE_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound"}


CONTAINERS = (DictionaryObject, ArrayObject, IndirectObject)


class Unreadable(Exception):
    """pypdf could not read the file."""


class Encrypted(Exception):
    """The PDF is protected with a password."""


def active_content(data: bytes) -> str | None:
    """The first kind of active content found in the PDF `data` (a PDF name such as
    "/JavaScript"), or None. Raises Unreadable or Encrypted."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Encrypted
        return _walk(reader.trailer)
    except (Encrypted, Unreadable):
        raise
    except Exception as error:  # pypdf raises many kinds on a broken file; all mean "cannot read"
        logger.info("pdf_unreadable error=%s", type(error).__name__)
        raise Unreadable from error


def _walk(root) -> str | None:
    """Depth-first over every object reachable from `root`, each indirect object once."""
    stack, seen, visited = [root], set(), 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            found = _active_in(item)
            if found:
                return found
            children = (value for name, value in item.items() if name != "/Parent")
        elif isinstance(item, ArrayObject):
            children = item
        else:
            continue  # a number, name or string: nothing inside
        visited += 1
        if visited > MAX_OBJECTS:
            raise Unreadable("too many objects")
        stack.extend(child for child in children if isinstance(child, CONTAINERS))
    return None


def _active_in(dictionary: DictionaryObject) -> str | None:
    for key in ACTIVE_KEYS:
        if key in dictionary:
            return key
    for key, names in (
        ("/S", ACTIVE_ACTIONS),
        ("/Type", ACTIVE_TYPES),
        ("/Subtype", ACTIVE_SUBTYPES),
    ):
        value = dictionary.get(key)
        if isinstance(value, str) and value in names:
            return str(value)
    return None
