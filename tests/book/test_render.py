"""The book's content, read back from the PDF: one prototype book and one draft, made once,
and a book of its own for the index."""

import pytest
from django.db import transaction
from django.test import override_settings

import publisher
from book.render import BookOptions, build_book
from tests.factories import make_call, make_case, make_edition, make_sample_cases
from tests.pdf import (
    all_text,
    alt_texts,
    destination_pages,
    outline_titles,
    page_texts,
    read_pdf,
    toc_entries,
    xmp_metadata,
)

# Also makes pytest-django set up the test database for the module-wide fixture.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def sample(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        cases = make_sample_cases(make_call())
        edition = make_edition(number=1)
        book = build_book(edition)
        draft = build_book(BookOptions.for_edition(edition, draft=True))
        facts = {
            "pdf": book.pdf,
            "pages": book.pages,
            "report": book.report,
            "draft_pdf": draft.pdf,
            "published": [(c.pk, c.title) for c in cases["published"]],
            "unpublished": [(c.pk, c.title) for c in cases["unpublished"]],
            "approved": (cases["approved"].pk, cases["approved"].title),
            # The cafe's contacts: the submitter consented to the book, the other never answered.
            "contacts": {person.side: person.name for person in cases["published"][0].people.all()},
        }
        transaction.set_rollback(True)
    return facts


def test_book_has_every_published_case_and_no_other(sample):
    text = all_text(sample["pdf"])
    assert [title in text for _pk, title in sample["published"]] == [True, True, True]
    assert [title in text for _pk, title in sample["unpublished"]] == [False, False, False]
    assert sample["report"]["cases"] == 3
    assert sample["report"]["omitted"] == []


def test_each_case_starts_on_its_own_page_in_chapter_order(sample):
    pages = destination_pages(sample["pdf"])
    starts = [pages[f"eksempel-{pk}"] for pk, _title in sample["published"]]
    # Arbeid (position 1) before Integrering (position 2); within a chapter by publication.
    assert starts == sorted(starts)
    assert len(set(starts)) == 3


def test_table_of_contents_page_numbers_match_where_cases_start(sample):
    entries = toc_entries(sample["pdf"])
    pages = destination_pages(sample["pdf"])
    assert {title: entries[title] for _pk, title in sample["published"]} == {
        title: pages[f"eksempel-{pk}"] for pk, title in sample["published"]
    }
    assert entries["Arbeid"] == pages["kapittel-arbeid"]
    assert entries["Integrering"] == pages["kapittel-integrering"]


def test_bookmarks_for_chapters_and_cases(sample):
    assert outline_titles(sample["pdf"]) == [
        "Innhold",
        "Forord",
        "Arbeid",
        ["Kafé som arbeidstrening"],
        "Integrering",
        ["Bygdehage for nye innbyggere", "Språkkafé på biblioteket"],
        "Verktøykasse",
        "Register over fylker og kommuner",
        ["Oslo", "Nordland - Nordlánnda"],
    ]


def test_document_metadata_and_language(sample):
    reader = read_pdf(sample["pdf"])
    assert reader.metadata.title == "Veier til nye samarbeid"
    assert reader.metadata.author == publisher.current().name
    assert reader.trailer["/Root"]["/Lang"] == "nb"
    # The reader's copy is tagged PDF/UA-1.
    assert b'pdfuaid:part="1"' in xmp_metadata(sample["pdf"])
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_running_heads_carry_the_chapter_title(sample):
    pages = destination_pages(sample["pdf"])
    texts = page_texts(sample["pdf"])
    number = pages[f"eksempel-{sample['published'][1][0]}"]
    # The margin boxes come last in the page's text: the running head, then the page number.
    assert texts[number - 1].rstrip().endswith(f"Integrering\n{number}")


def test_page_numbers_are_printed(sample):
    texts = page_texts(sample["pdf"])
    assert texts[2].rstrip().endswith("3")


def test_contact_box_only_for_people_with_book_consent(sample):
    texts = page_texts(sample["pdf"])
    pages = destination_pages(sample["pdf"])
    starts = [pages[f"eksempel-{pk}"] for pk, _title in sample["published"]]
    ends = [*starts[1:], pages["verktoykasse"]]

    def case_text(index):
        return "\n".join(texts[starts[index] - 1 : ends[index] - 1])

    # The submitter (enterprise side) consented to the book; the municipality contact did not
    # answer; the garden's submitter refused the book.
    assert "Kontaktpersoner" in case_text(0)
    assert sample["contacts"]["enterprise"] in case_text(0)
    assert sample["contacts"]["municipality"] not in all_text(sample["pdf"])
    assert "Kontaktpersoner" not in case_text(1)
    assert "hage@example.no" not in all_text(sample["pdf"])


def test_pitch_questions_link_and_photo_with_alt_text(sample):
    text = all_text(sample["pdf"])
    words = " ".join(text.split())  # the questions are set in a column: lines break in them
    assert "Kommunen og en sosial entreprenør driver en kafé." in text
    assert "Hva var ideen, behovet eller problemet?" in words
    assert "https://kafe.example.no/" in text
    cafe_page = read_pdf(sample["pdf"]).pages[
        destination_pages(sample["pdf"])[f"eksempel-{sample['published'][0][0]}"] - 1
    ]
    assert len(cafe_page.images) == 1
    assert "Ungdommer bak disken i kafeen" in alt_texts(sample["pdf"])


def test_toolbox_has_approved_tools_only(sample):
    text = all_text(sample["pdf"])
    assert "Veileder for innovative anskaffelser" in text
    assert "Ikke godkjent verktøy" not in text


def test_index_is_by_county_in_the_reference_order_then_municipality_with_pages(call):
    """Counties by number as in the reference data (Oslo 03, Nordland 18, Finnmark 56; not
    alphabetical), municipalities alphabetical within each, a case under every municipality
    it names, each with the page where it starts."""
    titles_and_places = [
        ("Kystkafé", ("1871", "0301")),  # Andøy (Nordland) and Oslo
        ("Bysykkel", ("0301",)),
        ("Nabohjelp", ("1868",)),  # Øksnes
        ("Bygdehage", ("1804",)),  # Bodø
        ("Ungdomskafé", ("5601",)),  # Alta (Finnmark)
    ]
    cases = {
        title: make_case(call, title=title, municipalities=places)
        for title, places in titles_and_places
    }
    book = build_book(make_edition(kind="final"))

    pages = destination_pages(book.pdf)

    def ref(title):
        return f"{title} (s. {pages[f'eksempel-{cases[title].pk}']})"

    expected = [
        "Oslo",
        f"Oslo {ref('Kystkafé')}; {ref('Bysykkel')}",
        "Nordland - Nordlánnda",
        f"Andøy {ref('Kystkafé')}",
        f"Bodø {ref('Bygdehage')}",
        f"Øksnes {ref('Nabohjelp')}",
        "Finnmark - Finnmárku - Finmarkku",
        f"Alta {ref('Ungdomskafé')}",
    ]
    index = "\n".join(page_texts(book.pdf)[pages["register"] - 1 :])
    assert index.lstrip().startswith("Register over fylker og kommuner\n" + "\n".join(expected))
    assert outline_titles(book.pdf)[-2:] == [
        "Register over fylker og kommuner",
        ["Oslo", "Nordland - Nordlánnda", "Finnmark - Finnmárku - Finmarkku"],
    ]


def test_prototype_is_watermarked_on_every_page(sample):
    assert all("PROTOTYPE" in text for text in page_texts(sample["pdf"]))
    assert "UTKAST" not in all_text(sample["pdf"])


def test_draft_has_the_approved_cases_too_and_says_utkast(sample):
    text = all_text(sample["draft_pdf"])
    assert sample["approved"][1] in text
    assert "Fortsatt til vurdering" not in text
    assert all("UTKAST" in page for page in page_texts(sample["draft_pdf"]))
