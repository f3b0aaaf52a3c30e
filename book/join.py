"""The PDFs of the book's parts (book/parts.py) joined into one, with pikepdf (qpdf).

The first part (the front matter) gives the catalogue: the language, the metadata (XMP, title),
the viewer preferences, the mark info and the PDF/A output intent. The other parts' pages are
copied after its pages; qpdf copies an object a part's pages share (a font subset) once per part.
Then, over all parts:

- the structure tree (PDF/UA-1): each part's Document element's children under the first one's
  Document, the ParentTree keys (of pages and of link annotations) renumbered so that they follow
  on from the part before, RoleMap and ClassMap merged (WeasyPrint 70 writes neither, nor an
  IDTree);
- the named destinations (each anchor) of all parts in one sorted name tree;
- the outline (bookmarks), the parts' in order, nesting kept;
- links to another part (`kokebok-part:<anchor>`, an URI while the part was rendered) made links
  to the named destination.
"""

import io
import itertools
import warnings
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, String

PART_SCHEME = "kokebok-part:"


@dataclass
class _Bookmark:
    title: object
    page: int
    place: list  # the destination after its page: /XYZ left top zoom
    count: int
    children: list = field(default_factory=list)


def join_parts(pdfs: list[bytes]) -> bytes:
    """One PDF of the parts' PDFs, in order."""
    sources = [pikepdf.open(io.BytesIO(data)) for data in pdfs]
    try:
        out = sources[0]
        tree = out.Root.get("/StructTreeRoot")
        nums, destinations, bookmarks = [], [], []
        next_key = page_base = 0
        for source in sources:
            next_key = _renumber_and_relink(source, next_key)
            destinations += _destinations(source, page_base)
            bookmarks += _bookmarks(source, page_base)
            if source is not out:
                with warnings.catch_warnings():
                    # It warns that named destinations are not copied: they are, below.
                    warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                    out.pages.extend(source.pages)
            if tree is not None:
                nums += _move_structure(out, tree, source)
            page_base += len(source.pages)
        if tree is not None:
            tree.ParentTree = out.make_indirect(Dictionary(Nums=Array(nums)))
            tree.ParentTreeNextKey = next_key
        _write_destinations(out, destinations)
        _write_outline(out, bookmarks)
        buffer = io.BytesIO()
        # Object streams, as WeasyPrint writes them: without, the structure tree's many small
        # objects make the file some 60 % larger.
        out.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buffer.getvalue()
    finally:
        for source in sources:
            source.close()


def _renumber_and_relink(source, first_key: int) -> int:
    """Shift the part's ParentTree keys by `first_key` and return the next free key; make its
    links to other parts GoTo links to their named destination."""
    for page in source.pages:
        page = page.obj
        if "/StructParents" in page:
            page.StructParents = int(page.StructParents) + first_key
        for annotation in page.get("/Annots", ()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + first_key
            _relink(annotation)
    tree = source.Root.get("/StructTreeRoot")
    if tree is None:
        return first_key
    nums = tree.ParentTree.Nums
    keys = [int(nums[index]) + first_key for index in range(0, len(nums), 2)]
    for position, key in enumerate(keys):
        nums[2 * position] = key
    return max(keys, default=first_key - 1) + 1


def _relink(annotation) -> None:
    action = annotation.get("/A")
    if action is None or action.get("/S") != Name.URI:
        return
    target = str(action.URI)
    if not target.startswith(PART_SCHEME):
        return
    name = target.removeprefix(PART_SCHEME)
    del annotation["/A"]
    annotation.Dest = String(name)
    if "/Contents" in annotation:  # the link's alternate description (PDF/UA), as WeasyPrint's
        annotation.Contents = String(name)


def _move_structure(out, tree, source) -> list:
    """The part's structure elements under the joined Document; its ParentTree's entries."""
    source_tree = source.Root.StructTreeRoot
    document = tree.K[0]
    if source is out:
        return list(tree.ParentTree.Nums)
    copied = out.copy_foreign(source_tree.K[0])
    for child in copied.K:
        if isinstance(child, Dictionary):
            child.P = document
            document.K.append(child)
    entries = list(out.copy_foreign(source_tree.ParentTree).Nums)
    for index in range(1, len(entries), 2):
        entries[index] = _without(entries[index], copied, document)
    for key in ("/RoleMap", "/ClassMap"):
        if key in source_tree:
            merged = tree.get(key) or Dictionary()
            for name, value in out.copy_foreign(source_tree[key]).items():
                merged[name] = value
            tree[key] = merged
    return entries


def _without(entry, copied, document):
    """A ParentTree entry with the part's own Document element replaced by the joined one."""
    if isinstance(entry, Array):
        return Array(
            [document if _same(item, copied) else item for item in entry]  # content of <body>
        )
    return document if _same(entry, copied) else entry


def _same(one, other) -> bool:
    return one.is_indirect and other.is_indirect and one.objgen == other.objgen


def _page_numbers(source) -> dict:
    return {page.obj.objgen: index for index, page in enumerate(source.pages)}


def _destinations(source, page_base: int) -> list:
    names = source.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return []
    pages = _page_numbers(source)
    flat = dests.get("/Names", ())
    found = []
    for index in range(0, len(flat), 2):
        target = flat[index + 1]
        if target[0].objgen in pages:
            found.append((bytes(flat[index]), page_base + pages[target[0].objgen], _place(target)))
    return found


def _place(destination) -> list:
    return [destination[1], *(float(value) for value in destination[2:])]


def _write_destinations(out, destinations: list) -> None:
    flat, seen = [], set()
    for name, page, place in sorted(destinations, key=lambda entry: entry[0]):
        if name in seen:  # the first part's anchor wins, as in one document
            continue
        seen.add(name)
        flat += [String(name), Array([out.pages[page].obj, *place])]
    names = out.Root.get("/Names") or Dictionary()
    names.Dests = out.make_indirect(Dictionary(Names=Array(flat)))
    out.Root.Names = names


def _bookmarks(source, page_base: int) -> list:
    outlines = source.Root.get("/Outlines")
    if outlines is None or "/First" not in outlines:
        return []
    return _read_bookmarks(outlines.First, _page_numbers(source), page_base)


def _read_bookmarks(item, pages: dict, page_base: int) -> list:
    found = []
    while item is not None:
        destination = item.Dest
        bookmark = _Bookmark(
            title=String(bytes(item.Title)),
            page=page_base + pages[destination[0].objgen],
            place=_place(destination),
            count=int(item.get("/Count", 0)),
        )
        if "/First" in item:
            bookmark.children = _read_bookmarks(item.First, pages, page_base)
        found.append(bookmark)
        item = item.get("/Next")
    return found


def _write_outline(out, bookmarks: list) -> None:
    if not bookmarks:
        return
    root = out.make_indirect(Dictionary(Type=Name.Outlines))
    visible = _link_bookmarks(out, bookmarks, root)
    root.Count = visible
    out.Root.Outlines = root


def _link_bookmarks(out, bookmarks: list, parent) -> int:
    """Write `bookmarks` as `parent`'s children; the number of items shown when it is open."""
    items, visible = [], 0
    for bookmark in bookmarks:
        destination = Array([out.pages[bookmark.page].obj, *bookmark.place])
        item = out.make_indirect(Dictionary(Title=bookmark.title, Dest=destination, Parent=parent))
        if bookmark.children:
            shown = _link_bookmarks(out, bookmark.children, item)
            item.Count = shown if bookmark.count >= 0 else -shown
            visible += shown if bookmark.count >= 0 else 0
        items.append(item)
        visible += 1
    for before, after in itertools.pairwise(items):
        before.Next, after.Prev = after, before
    parent.First, parent.Last = items[0], items[-1]
    return visible
