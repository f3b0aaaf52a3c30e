"""The book rendered in parts and joined (book/parts.py, book/join.py) against the same HTML
rendered in one go: a reader, a screen reader and the tests must not tell them apart."""

import pytest
from django.db import transaction
from django.test import override_settings

from book import parts, render
from book.render import BookBuildFailed, BookOptions, assemble, build_book, prepare_parts
from participation.models import Moderation
from tests.factories import make_call, make_case, make_input, make_sample_cases, make_theme
from tests.pdf import destination_pages, outline_titles, read_pdf, structure_elements
from tests.recipes.factories import make_recipe

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def books(django_db_setup, django_db_blocker, tmp_path_factory):
    """A small book with every part (front matter, three chapters, recipes, toolbox, input,
    index), its HTML rendered in one go and in parts, as reader and as archive copy."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call = make_call()
        cases = make_sample_cases(call)
        long_case = make_case(
            call, title="Et langt eksempel", main_theme=make_theme(slug="bolig", position=3)
        )
        long_case.answers.update(text="Et avsnitt om samarbeidet som går over flere sider. " * 90)
        make_recipe("pilot", title="Pilotavtale", pitfalls="Piloten varer evig.")
        make_input(
            "Ola Innspill",
            submission=cases["published"][0],
            status=Moderation.APPROVED,
            publish_consent=True,
        )
        options = BookOptions(introduction="Boka har en innledning.", number=2)
        html = assemble(prepare_parts(options), options).html
        one_pdf, one_pages = render.html_to_pdf(html)
        joined_pdf, joined_pages = parts.pdf_in_parts(
            html, to_pdf=render.html_to_pdf, variant=render.READER_VARIANT
        )
        archive_pdf, _pages = parts.pdf_in_parts(
            html, to_pdf=render.html_to_pdf, variant=render.ARCHIVE_VARIANT
        )
        transaction.set_rollback(True)
    return {
        "html": html,
        "one": one_pdf,
        "one_pages": one_pages,
        "joined": joined_pdf,
        "joined_pages": joined_pages,
        "archive": archive_pdf,
    }


def _layout_texts(pdf: bytes) -> list[str]:
    """Each page's text laid out as on the page: a page number on the left edge reads
    differently from one on the right."""
    return [
        page.extract_text(extraction_mode="layout").replace("\u200b", "")
        for page in read_pdf(pdf).pages
    ]


def _links(pdf: bytes) -> list[tuple[int, str, int]]:
    """(page, named destination, the page it is on) of every internal link, 1-based."""
    reader = read_pdf(pdf)
    pages = destination_pages(pdf)
    found = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            assert (
                "/A" not in annotation
                or annotation["/A"]["/S"] != "/URI"
                or not str(annotation["/A"]["/URI"]).startswith(parts.PART_SCHEME)
            )
            if "/Dest" in annotation:
                name = str(annotation["/Dest"])
                found.append((number, name, pages.get(name)))
    return found


def test_the_html_is_cut_into_front_matter_chapters_and_back_matter(books):
    _head, found, tail = parts.split_book(books["html"])
    ids = [part.ids for part in found]
    assert {"toc-title", "innledning"} <= ids[0]
    chapters = [part for part in found if any(name.startswith("kapittel") for name in part.ids)]
    assert len(chapters) == 3
    for anchor in ("oppskrifter", "verktoykasse", "innspill", "register"):
        assert sum(anchor in part_ids for part_ids in ids) == 1
    assert len(found) == 1 + 3 + 4
    assert tail.startswith("</body>")


def test_a_link_to_another_part_gets_its_page_written_in():
    part = parts.Part.of(
        '<h1 id="here">x</h1><a href="#here">a</a><a class="r" href="#there">b</a>'
    )
    html = parts.with_pages(part, {"there": 17}, {"here", "there", "elsewhere"})
    assert '<a href="#here">' in html  # in the part itself: WeasyPrint numbers it
    assert '<a href="#here" data-page="3">' in parts.with_pages(part, {"here": 3}, {"here"})
    assert f'<a class="r" href="{parts.PART_SCHEME}there" data-page="17">' in html
    unknown = parts.Part.of('<a href="#nowhere">c</a><a href="#elsewhere">d</a>')
    html = parts.with_pages(unknown, {}, {"elsewhere"}, placeholder="888")
    assert '<a href="#nowhere">' in html  # WeasyPrint drops it, as in one document
    assert f'href="{parts.PART_SCHEME}elsewhere" data-page="888"' in html


def test_the_joined_book_reads_as_the_one_document_book_page_by_page(books):
    assert books["joined_pages"] == books["one_pages"] > 8
    joined, one = _layout_texts(books["joined"]), _layout_texts(books["one"])
    assert len(joined) == len(one)
    for number, (joined_page, one_page) in enumerate(zip(joined, one, strict=True), start=1):
        assert joined_page == one_page, f"page {number} differs"


def test_page_numbers_run_on_over_the_parts(books):
    """The printed number at the foot of each numbered page is its place in the file, on the
    outer edge also where a part begins on a left-hand (even) page."""
    starts = destination_pages(books["joined"])
    parts_begin = [page for name, page in starts.items() if name.startswith("kapittel-")]
    parts_begin += [
        starts[name] for name in ("oppskrifter", "verktoykasse", "innspill", "register")
    ]
    assert any(page % 2 == 0 for page in parts_begin)
    assert any(page % 2 == 1 for page in parts_begin)
    for number, text in enumerate(_layout_texts(books["joined"]), start=1):
        last = text.strip().splitlines()[-1].strip()
        if last.isdigit():
            assert int(last) == number


def test_every_link_leads_to_the_page_it_does_in_one_document(books):
    joined = _links(books["joined"])
    assert joined == _links(books["one"])
    assert all(target is not None for _page, _name, target in joined)
    # Links between parts: the contents, the recipe's examples, the input and the index.
    starts = destination_pages(books["joined"])
    crossing = [link for link in joined if link[1].startswith("eksempel-")]
    assert any(page < starts["kapittel-arbeid"] for page, _name, _target in crossing)
    assert any(page >= starts["register"] for page, _name, _target in crossing)


def test_the_named_destinations_and_the_outline_are_those_of_one_document(books):
    assert destination_pages(books["joined"]) == destination_pages(books["one"])
    assert outline_titles(books["joined"]) == outline_titles(books["one"])
    reader, one = read_pdf(books["joined"]), read_pdf(books["one"])

    def pages(reader, items):
        return [
            pages(reader, item)
            if isinstance(item, list)
            else reader.get_destination_page_number(item)
            for item in items
        ]

    assert pages(reader, reader.outline) == pages(one, one.outline)


def test_one_structure_tree_with_every_parts_elements_and_valid_parent_tree_keys(books):
    joined = structure_elements(books["joined"])
    assert [str(element["/S"]) for element in joined] == [
        str(element["/S"]) for element in structure_elements(books["one"])
    ]
    reader = read_pdf(books["joined"])
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    assert [element.get_object()["/S"] for element in root["/K"]] == ["/Document"]
    nums = root["/ParentTree"].get_object()["/Nums"]
    keys = [int(key) for key in nums[::2]]
    assert keys == sorted(set(keys))
    assert int(root["/ParentTreeNextKey"]) == keys[-1] + 1
    entries = dict(zip(keys, nums[1::2], strict=True))
    for page in reader.pages:
        for element in entries[int(page["/StructParents"])]:
            assert element.get_object()["/Pg"].get_object() == page.get_object()
        for annotation in page.get("/Annots", []):
            element = entries[int(annotation.get_object()["/StructParent"])].get_object()
            kids = element["/K"] if isinstance(element["/K"], list) else [element["/K"]]
            marked = [kid.get_object() for kid in kids if not isinstance(kid, int)]
            assert annotation.idnum in [
                kid.raw_get("/Obj").idnum for kid in marked if "/Obj" in kid
            ]
    # The passages' own languages (book/pdf_tags.py) survive the join.
    assert any("/Lang" in element for element in joined)


def test_the_catalogue_is_the_tagged_books(books):
    root = read_pdf(books["joined"]).trailer["/Root"]
    assert root["/Lang"] == "nb"
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert "/DisplayDocTitle" in root["/ViewerPreferences"]
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    archive = read_pdf(books["archive"]).trailer["/Root"]
    assert len(archive["/OutputIntents"]) == 1
    assert b"pdfaid" in archive["/Metadata"].get_object().get_data()


def test_the_book_is_rendered_in_one_go_when_parts_are_off(call, monkeypatch):
    make_case(call, title="Et eksempel")

    def no_parts(*args, **kwargs):
        raise AssertionError("rendered in parts")

    monkeypatch.setattr(parts, "pdf_in_parts", no_parts)
    with override_settings(BOOK_IN_PARTS=False):
        assert "Et eksempel" in "".join(
            page.extract_text() for page in read_pdf(build_book(BookOptions()).pdf).pages
        )
    with pytest.raises(BookBuildFailed, match="rendered in parts"):
        build_book(BookOptions())


class FakeRenderer:
    """html_to_pdf's stand-in: a body part has 3 pages, the front matter the next of
    `front_lengths` each time it is rendered."""

    def __init__(self, *front_lengths):
        self.front_lengths = list(front_lengths)
        self.calls = []

    def __call__(self, html, *, variant, **part):
        self.calls.append(part)
        if "first_page" in part:
            return b"body", 3
        return b"front", self.front_lengths.pop(0)


HTML = f"<html><body>{parts.PART_MARK}<h1 id='a'>A</h1>{parts.PART_MARK}<h1 id='b'>B</h1></body>"


def test_the_body_is_numbered_again_when_the_front_matter_grows(monkeypatch):
    monkeypatch.setattr(parts, "join_parts", lambda pdfs: b"+".join(pdfs))
    renderer = FakeRenderer(2, 3, 3)
    assert parts.pdf_in_parts(HTML, to_pdf=renderer, variant="v") == (b"front+body", 6)
    assert [call.get("first_page") for call in renderer.calls] == [None, 3, None, 4, None]


def test_a_front_matter_that_never_settles_is_rendered_in_one_go(monkeypatch):
    monkeypatch.setattr(parts, "join_parts", lambda pdfs: pytest.fail("joined"))
    renderer = FakeRenderer(2, 3, 4, 5, 9)
    assert parts.pdf_in_parts(HTML, to_pdf=renderer, variant="v") == (b"front", 9)
    assert renderer.calls[-1] == {}


def test_a_case_cannot_cut_the_book_with_the_parts_mark(call):
    hostile = make_case(call, title=f"Tittel {parts.PART_MARK}", main_theme=make_theme())
    hostile.answers.update(text=f"Før {parts.PART_MARK} etter\n\n{parts.PART_MARK}")
    options = BookOptions()
    _head, found, _tail = parts.split_book(assemble(prepare_parts(options), options).html)
    chapters = [part for part in found if any(name.startswith("kapittel-") for name in part.ids)]
    assert len(chapters) == 1
    assert "Før &lt;!--kokebok-part--&gt; etter" in chapters[0].body
