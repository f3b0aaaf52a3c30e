"""The book's recipes part and its chapters by form of collaboration, read back from the PDF."""

import itertools
import re

import pytest

from book.models import Edition
from book.render import BookOptions, assemble, build_book, prepare_parts
from tests.factories import make_case, make_edition, make_theme, unpublish
from tests.pdf import (
    destination_pages,
    outline_titles,
    page_texts,
    read_pdf,
    structure_elements,
    toc_entries,
)
from tests.recipes.factories import make_recipe

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(call):
    """Two pilots and one operating agreement published (the second pilot in another chapter),
    one pilot taken down again, one subscription below the threshold and one "other"."""
    work, housing = make_theme(slug="arbeid", name="Arbeid", position=1), make_theme(position=2)
    made = {
        "Kystkafé": make_case(call, title="Kystkafé", main_theme=work),
        "Bysykkel": make_case(call, title="Bysykkel", main_theme=housing),
        "Vaskeri": make_case(
            call, title="Vaskeri", main_theme=work, collaboration_form="operating_agreement"
        ),
        "Nabohage": make_case(
            call,
            title="Nabohage",
            main_theme=housing,
            collaboration_form="other",
            collaboration_form_other="Dugnad",
        ),
    }
    unpublish(make_case(call, title="Trukket pilot", main_theme=work))
    return made


@pytest.fixture
def recipes(db):
    return {
        "pilot": make_recipe("pilot", title="Pilotavtale", pitfalls="Piloten varer evig."),
        "operating": make_recipe(
            "operating_agreement", title="Driftsavtale", when_it_fits="Når tjenesten virker."
        ),
        "draft": make_recipe("below_threshold", title="Abonnement", published=False),
    }


def _part(pdf: bytes, anchor: str, until: str) -> str:
    """The text of the pages from the one with `anchor` to the one before `until`."""
    pages = destination_pages(pdf)
    return "\n".join(page_texts(pdf)[pages[anchor] - 1 : pages[until] - 1])


def test_recipes_list_the_examples_in_the_book_with_the_pages_they_start_on(cases, recipes):
    book = build_book(make_edition(kind="final"))
    pages = destination_pages(book.pdf)
    text = _part(book.pdf, "oppskrifter", "register")

    def ref(title):
        return f"{title} (s. {pages[f'eksempel-{cases[title].pk}']})"

    pilot = text[text.index("Pilotavtale") : text.index("Driftsavtale")]
    # Book order: the chapter Arbeid (position 1) before Boligen's.
    assert re.search(
        rf"Eksempler i boka\s+•?\s*{re.escape(ref('Kystkafé'))}\s+•?\s*"
        rf"{re.escape(ref('Bysykkel'))}",
        pilot,
    ), pilot
    assert "Piloten varer evig." in pilot
    assert "Fallgruver" in pilot
    assert "Trukket pilot" not in text
    operating = text[text.index("Driftsavtale") :]
    assert ref("Vaskeri") in operating
    assert "Når tjenesten virker." in operating
    # Unpublished recipes are nowhere; "other" has none.
    assert "Abonnement" not in "\n".join(page_texts(book.pdf))
    # The page numbers are real ones: every referenced example starts on a later page
    # than the contents and an earlier one than the recipes.
    assert all(
        pages["toc-title"] < pages[f"eksempel-{c.pk}"] < pages["oppskrifter"]
        for c in cases.values()
    )


def test_the_contents_and_bookmarks_have_the_recipes_between_examples_and_index(cases, recipes):
    book = build_book(make_edition(kind="final"))
    pages = destination_pages(book.pdf)
    contents = toc_entries(book.pdf)
    assert contents["Oppskrifter"] == pages["oppskrifter"]
    assert contents["Pilotavtale"] == pages["oppskrift-pilot"]
    assert contents["Driftsavtale"] == pages["oppskrift-operating-agreement"]
    outline = outline_titles(book.pdf)
    recipes_at = outline.index("Oppskrifter")
    assert outline[recipes_at + 1] == ["Pilotavtale", "Driftsavtale"]
    assert outline.index("Register over fylker og kommuner") > recipes_at


def test_an_edition_grouped_by_form_opens_each_chapter_with_its_recipe(cases, recipes):
    edition = make_edition(kind="final", grouping=Edition.Grouping.FORM)
    book = build_book(edition)
    pages = destination_pages(book.pdf)
    chapters = [name for name in outline_titles(book.pdf) if isinstance(name, str)]
    # The forms' order (pilot before operating agreement), "other" last, under its own heading.
    assert (
        chapters.index("Pilotavtale")
        < chapters.index("Driftsavtale")
        < chapters.index("Andre eksempler")
    )
    assert "Arbeid" not in chapters
    assert pages["kapittel-pilot"] <= pages[f"eksempel-{cases['Kystkafé'].pk}"]
    assert pages[f"eksempel-{cases['Bysykkel'].pk}"] < pages["kapittel-operating-agreement"]
    opener = page_texts(book.pdf)[pages["kapittel-operating-agreement"] - 1]
    assert "Når tjenesten virker." in opener
    assert pages[f"eksempel-{cases['Nabohage'].pk}"] >= pages["kapittel-andre"]


def test_a_recipe_change_changes_the_books_html(cases, recipes):
    """Equal HTML means no rebuild (the fingerprint); a recipe's text must change it."""
    options = BookOptions.for_edition(make_edition())
    before = assemble(prepare_parts(options), options).fingerprint
    recipes["pilot"].steps = "1. Ring kommunen."
    recipes["pilot"].save()
    assert assemble(prepare_parts(options), options).fingerprint != before


def test_a_recipes_markdown_is_escaped_in_the_book(cases, recipes):
    recipes["pilot"].steps = '<script>alert(1)</script> <img src="http://example.com/x.png">'
    recipes["pilot"].save()
    options = BookOptions.for_edition(make_edition())
    html = assemble(prepare_parts(options), options).html
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_the_printed_list_names_each_cases_chapter_as_printed(cases, recipes):
    """The frozen list of cases (EditionCase.chapter) says where each case stood."""
    by_form = BookOptions.for_edition(make_edition(grouping=Edition.Grouping.FORM))
    chapters = {c.title: c.chapter for c in assemble(prepare_parts(by_form), by_form).cases}
    assert chapters == {
        "Kystkafé": "Pilotavtale",
        "Bysykkel": "Pilotavtale",
        "Vaskeri": "Driftsavtale",
        "Nabohage": "",
    }
    by_theme = BookOptions.for_edition(make_edition(number=2))
    chapters = {c.title: c.chapter for c in assemble(prepare_parts(by_theme), by_theme).cases}
    assert chapters["Bysykkel"] == "Integrering"
    assert chapters["Vaskeri"] == "Arbeid"


def _structure_types(data: bytes) -> list[str]:
    """The tagged structure's element types (/S) in document order."""
    return [str(element["/S"]) for element in structure_elements(data)]


def test_the_recipes_are_tagged_with_headings_in_order(cases, recipes):
    """PDF/UA: no heading level skipped, the recipes' H1 > H2 > H3 included; the book in nb."""
    book = build_book(make_edition(kind="final"))
    headings = [int(kind[2:]) for kind in _structure_types(book.pdf) if re.fullmatch(r"/H\d", kind)]
    assert all(b <= a + 1 for a, b in itertools.pairwise(headings)), headings
    # Oppskrifter (H1), each recipe (H2) with its four texts and "Eksempler i boka" (H3), then
    # the index (H1) with its one county (H2).
    assert headings[-15:] == [1, 2, *[3] * 5, 2, *[3] * 5, 1, 2]
    assert read_pdf(book.pdf).trailer["/Root"]["/Lang"] == "nb"
