"""The book's design, read back from the PDF: the cover and colophon, a chapter opener with its
examples and their pages, each case's facts box and pull quote, Norwegian hyphenation, and the
tags and languages of the passages in the structure tree."""

import re

import pyphen
import pytest
from django.db import transaction
from django.test import override_settings

import publisher
from book import layout
from book.render import build_book
from publisher import services as publisher_services
from submissions.models import Answer, Submission
from tests.factories import (
    NO_BOOK_CONSENT,
    add_photo,
    make_call,
    make_case,
    make_edition,
    make_theme,
)
from tests.pdf import destination_pages, page_texts, read_pdf, structure_elements

pytestmark = pytest.mark.django_db

# Long compounds, so that a column's lines end inside some of them.
BOKMAL_WORDS = [
    "arbeidsinkluderingsvirksomhetene",
    "kommunesammenslåingsprosessene",
    "sammenligningsgrunnlaget",
    "kvalitetsforbedringsarbeidet",
    "oppfølgingstjenestene",
]
NYNORSK_WORDS = [
    "arbeidsinkluderingsverksemdene",
    "kommunesamanslåingsprosessane",
    "samanlikningsgrunnlaget",
    "kvalitetsforbetringsarbeidet",
    "oppfølgingstenestene",
]
BOKMAL_LESSON = "Start smått, og la deltakerne være med og bestemme fra første dag."
NYNORSK_LESSON = "Start i det små, og la deltakarane vere med og bestemme frå første dag."


def _words_text(words: list[str]) -> str:
    return " ".join(f"Vi så at {word} og {words[-1 - i]} ga mye." for i, word in enumerate(words))


def _set_answers(case: Submission, body: str, lesson: str) -> None:
    for answer in Answer.objects.filter(submission=case).select_related("question"):
        answer.text = lesson if layout.is_lesson_question(answer.question) else body * 3
        answer.save(update_fields=["text"])


@pytest.fixture(scope="module")
def book(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call = make_call()
        owner = publisher.current()
        owner.book_licence = "CC BY 4.0"
        publisher_services.save_publisher(owner)
        theme = make_theme(
            slug="arbeid", name="Arbeid", position=1, introduction="Veier inn i *arbeidslivet*."
        )
        extra = make_theme(slug="integrering", name="Integrering", position=2)
        cafe = make_case(
            call,
            title="Kafé som arbeidstrening",
            main_theme=theme,
            themes=[extra],
            municipalities=("0301", "1804"),
            enterprise="Grønn Start AS",
        )
        Submission.objects.filter(pk=cafe.pk).update(
            photo_credit="Foto: Ola Fotograf", started_year=2019
        )
        add_photo(cafe, alt="Ungdommer bak disken i kafeen")
        _set_answers(cafe, _words_text(BOKMAL_WORDS), BOKMAL_LESSON)
        garden = make_case(
            call,
            title="Bygdehage for nye innbyggjarar",
            main_theme=theme,
            municipalities=("1804",),
            consents=NO_BOOK_CONSENT,
            submitter_email="hage@example.no",
        )
        Submission.objects.filter(pk=garden.pk).update(language="nn")
        _set_answers(garden, _words_text(NYNORSK_WORDS), NYNORSK_LESSON)
        rendered = build_book(make_edition(number=3, kind="final"))
        facts = {
            "pdf": rendered.pdf,
            "texts": page_texts(rendered.pdf),
            "pages": destination_pages(rendered.pdf),
            "cafe": cafe.pk,
            "garden": garden.pk,
            "publisher": publisher.current().name,
            "email": publisher.current().contact_email,
        }
        transaction.set_rollback(True)
    return facts


def _case_text(book, key: str) -> str:
    """The text of a case's pages, from its first page to the next case or the index."""
    starts = sorted(book["pages"][f"eksempel-{book[k]}"] for k in ("cafe", "garden"))
    first = book["pages"][f"eksempel-{book[key]}"]
    end = next((start for start in starts if start > first), book["pages"]["register"])
    return "\n".join(book["texts"][first - 1 : end - 1])


def _flat(text: str) -> str:
    """The text on one line, with the words that hyphenation broke joined again."""
    return " ".join(text.replace("\u2010\n", "").split())


def test_cover_has_title_subtitle_publisher_edition_and_date(book):
    cover = book["texts"][0]
    assert "Veier til nye" in cover
    assert "Eksempler på samarbeid" in cover
    assert book["publisher"] in _flat(cover)
    assert "Utgave 3" in cover
    assert re.search(r"\d{1,2}\. \w+ 20\d\d", cover)


def test_colophon_names_publisher_edition_contact_and_where_to_give_input(book):
    colophon = _flat(book["texts"][1])
    assert f"Utgitt av {book['publisher']}" in colophon
    assert "Utgave 3" in colophon
    assert book["email"] in colophon
    assert "Gi innspill til boka eller til et eksempel: http" in colophon
    assert "/innspill/" in colophon
    assert "Lisens: CC BY 4.0" in colophon


def test_chapter_opener_has_introduction_and_its_examples_with_pages(book):
    opener = book["texts"][book["pages"]["kapittel-arbeid"] - 1]
    assert "Veier inn i arbeidslivet." in opener
    for key, title in (("cafe", "Kafé som arbeidstrening"), ("garden", "Bygdehage for nye")):
        page = book["pages"][f"eksempel-{book[key]}"]
        assert re.search(rf"{title}.*?\s{page}\n", opener, re.S), (title, page, opener)
    # The opener is a page of its own: the first case starts after it.
    assert book["pages"][f"eksempel-{book['cafe']}"] > book["pages"]["kapittel-arbeid"]


def test_each_case_has_its_facts_box(book):
    # Each label followed by its values (the narrow box wraps long values: compared as words).
    cafe = _flat(_case_text(book, "cafe"))
    assert "FAKTA Kommuner Bodø (Nordland - Nordlánnda) Oslo (Oslo) " in cafe
    assert " Sosial entreprenør Grønn Start AS " in cafe
    assert " Samarbeidsform Pilotavtale Startet 2019 Temaer " in cafe
    assert " Temaer Arbeid Integrering " in cafe
    # The submitter consented to the book; the municipality's contact never answered.
    assert " Kontaktpersoner Kari Nordmann, Rådgiver (sosial entreprenør) sub@example.no " in cafe
    assert "Municipality Kontakt" not in cafe
    garden = _flat(_case_text(book, "garden"))
    assert "FAKTA Kommune Bodø (Nordland - Nordlánnda) " in garden
    assert " Tema Arbeid " in garden
    assert "Startet" not in garden  # no year given: no row
    # The garden's submitter refused the book: no contacts row at all.
    assert "Kontaktpersoner" not in garden
    assert "hage@example.no" not in garden


def test_photo_with_description_and_credit(book):
    cafe = _flat(_case_text(book, "cafe"))
    assert "Ungdommer bak disken i kafeen Foto: Ola Fotograf" in cafe
    assert "Foto: Foto:" not in cafe


def test_the_lesson_is_the_pull_quote_before_the_answers(book):
    for key, lesson in (("cafe", BOKMAL_LESSON), ("garden", NYNORSK_LESSON)):
        text = _flat(_case_text(book, key))
        question = "HVA ER DEN VIKTIGSTE LÆRDOMMEN FOR ANDRE?"
        assert f"{question} {lesson}" in text
        # Set once, as the quote, ahead of the other answers (the facts box beside them is a
        # float, which the PDF draws first).
        assert text.count(lesson) == 1
        assert "Hva er den viktigste lærdommen for andre?" not in text
        assert text.index(lesson) < text.index("Hva var ideen") < text.index("Hva skjedde?")


def _hyphenated(text: str, words: list[str]) -> list[tuple[str, int]]:
    """(word, where it was broken) for each of `words` broken across two lines with a hyphen."""
    found = []
    for match in re.finditer(r"(\w+)[-\u2010\u00ad]\n(\w+)", text):
        word = match.group(1) + match.group(2)
        if word.lower() in words:
            found.append((word.lower(), len(match.group(1))))
    return found


@pytest.mark.parametrize(
    ("key", "words", "dictionary"),
    [("cafe", BOKMAL_WORDS, "nb_NO"), ("garden", NYNORSK_WORDS, "nn_NO")],
)
def test_norwegian_hyphenation_breaks_long_words_at_valid_points(book, key, words, dictionary):
    broken = _hyphenated(_case_text(book, key), words)
    assert broken, "no long word was hyphenated"
    hyphenator = pyphen.Pyphen(lang=dictionary)
    assert [(word, at) for word, at in broken if at not in hyphenator.positions(word)] == []


def _structure(pdf: bytes) -> list[tuple[str, str]]:
    """Every structure element's type and language (/Lang, "" when it has none)."""
    return [(str(e["/S"]), str(e.get("/Lang", ""))) for e in structure_elements(pdf)]


def test_passages_are_tagged_with_their_language(book):
    structure = _structure(book["pdf"])
    kinds = {kind for kind, _lang in structure}
    # Headings, the facts box as a list of labels and values, the quote, the photo and caption.
    assert {"/H1", "/H2", "/H3", "/L", "/LI", "/LBody", "/BlockQuote", "/Figure", "/Caption"} <= (
        kinds
    )
    titles = [lang for kind, lang in structure if kind == "/H2" and lang]
    assert sorted(set(titles)) == ["nb", "nn"]
    # Each case's passages (title, lead, quote, answers) carry the case's language.
    assert {lang for kind, lang in structure if kind == "/Div" and lang} == {"nb", "nn"}
    assert read_pdf(book["pdf"]).trailer["/Root"]["/Lang"] == "nb"


def test_facing_pages_put_the_page_number_on_the_outer_edge(book):
    reader = read_pdf(book["pdf"])
    width = float(reader.pages[0].mediabox.width)

    def number_x(index: int) -> float:
        positions = []

        def visit(text, _cm, tm, _font, _size):
            if text.strip() == str(index + 1):
                positions.append(tm[4])

        reader.pages[index].extract_text(visitor_text=visit)
        return positions[-1]

    # Page 3 (the contents) is a right-hand page, page 4 a left-hand one.
    assert number_x(2) > width / 2
    assert number_x(3) < width / 2


def test_the_fingerprint_follows_the_credit_and_themes_and_keeps_older_cases(call):
    """An edition lists a case as changed when its fingerprint changed: a credit, a further
    theme or the year started changes it; a case with none of them keeps the fingerprint
    earlier editions recorded."""
    from book import selectors
    from book.render import _render_case

    case = make_case(call, title="Kafé", main_theme=make_theme(slug="arbeid", name="Arbeid"))

    def fingerprint():
        loaded = selectors.with_book_data(Submission.objects.filter(pk=case.pk)).get()
        return layout.printed_extras(loaded), _render_case(loaded)[1].fingerprint

    plain = fingerprint()
    Submission.objects.filter(pk=case.pk).update(photo_credit="Ola Fotograf")
    credited = fingerprint()
    case.themes.add(make_theme(slug="integrering", name="Integrering"))
    themed = fingerprint()
    Submission.objects.filter(pk=case.pk).update(started_year=2019)
    started = fingerprint()

    assert plain[0] == {}
    assert credited[0] == {"photo_credit": "Ola Fotograf"}
    assert themed[0] == {"photo_credit": "Ola Fotograf", "themes": ["integrering"]}
    assert started[0] == {**themed[0], "started_year": 2019}
    assert len({plain[1], credited[1], themed[1], started[1]}) == 4


def test_an_address_in_the_facts_box_copies_as_exactly_the_address(db):
    # A reader copies an address out of the PDF: the break opportunity after the "@" must copy as
    # nothing. Raw extraction here (tests.pdf.page_texts removes U+200B, which would hide it).
    from book.render import render_case_pages

    address = "kari.nordmann-lange@kommunen.example.no"
    case = make_case(make_call(), submitter_email=address)
    text = "".join(page.extract_text() for page in read_pdf(render_case_pages(case)).pages)
    local, domain = address.split("@")
    # Too long for the narrow box: it wraps just after the "@", and nothing else is in it.
    assert f"\n{local}@\n{domain}\n" in text, text
    assert "\u200b" not in text
    assert "\u00ad" not in text
