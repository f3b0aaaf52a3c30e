"""Searches find what readers mean: themes and forms of collaboration by name in every language,
places, and on SQLite other forms of a word (publishing.words, publishing.selectors)."""

import pytest
from django.db import connection

from publishing import selectors
from publishing.words import search_form
from tests.factories import make_case, make_theme

pytestmark = pytest.mark.django_db

# PostgreSQL's own Norwegian stemmer leaves "syklene"/"sykkel" and "borna"/"barn" apart and
# matches whole words only; these are what the search forms add on SQLite.
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the search forms are SQLite's"
)


def found(words: str) -> list[str]:
    cases = selectors.search_cases(selectors.published_cases(), words)
    return sorted(cases.values_list("title", flat=True))


@pytest.mark.parametrize(
    ("inflected", "base"),
    [
        ("syklene", "sykkel"),  # Bokmål plural, definite
        ("syklane", "sykkel"),  # Nynorsk plural, definite
        ("sykler", "sykkelen"),
        ("barna", "barn"),  # Bokmål
        ("borna", "barn"),  # Nynorsk
        ("anskaffelser", "anskaffelse"),
        ("eksempler", "eksempel"),
        ("kommunane", "kommunene"),  # Nynorsk and Bokmål
        ("nøklar", "nøkkel"),
    ],
)
def test_inflections_have_the_search_form_of_their_word(inflected, base):
    assert search_form(inflected) == search_form(base)


def test_different_words_keep_different_search_forms():
    assert search_form("hel") == "hel"  # too short for the -el rule
    assert search_form("barn") != search_form("bord")
    assert search_form("Sykkel") == search_form("sykkel")


@pytest.fixture
def cases(call):
    integration = make_theme(
        slug="integrering", name="Integrering", name_nn="Integrering", name_en="Integration"
    )
    return {
        "sykkel": make_case(
            call,
            title="Verksted",
            summary="Vi reparerer en sykkel for barn.",
            answer="Anskaffelse under terskelverdien.",
            collaboration_form="grant",
            municipalities=("3201",),
            main_theme=integration,
        ),
        "other": make_case(
            call, title="Annet", summary="Noe helt annet.", answer="Et svar.", themes=()
        ),
    }


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("integrering", ["Verksted"]),  # the theme's name
        ("integration", ["Verksted"]),  # its English name
        ("Bærum", ["Verksted"]),  # the municipality
        ("akershus", ["Verksted"]),  # its county
        ("tilskudd", ["Verksted"]),  # the form of collaboration in Bokmål
        ("grant", ["Verksted"]),  # ... and in English
        pytest.param("syklene", ["Verksted"], marks=sqlite_only),
        ("barna", ["Verksted"]),
        pytest.param("borna", ["Verksted"], marks=sqlite_only),
        ("anskaffelser", ["Verksted"]),
        pytest.param("verk", ["Verksted"], marks=sqlite_only),  # part of a word still finds it
        ("!!!", []),
        ("barna ingenting", []),
    ],
)
def test_search_finds_what_the_words_name(cases, words, expected):
    assert found(words) == expected
