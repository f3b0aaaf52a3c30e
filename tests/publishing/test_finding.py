"""Searches find what readers mean: themes and forms of collaboration by name in every language,
places, and other forms of a word by their search forms on both databases (publishing.words,
publishing.pg_search, publishing.selectors)."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing import selectors
from publishing.words import search_form
from tests.factories import make_case, make_theme

pytestmark = pytest.mark.django_db

# PostgreSQL matches whole words (by their search forms); SQLite also a part of a word.
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="a part of a word is found on SQLite only"
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
        ("syklene", ["Verksted"]),
        ("barna", ["Verksted"]),
        ("borna", ["Verksted"]),
        ("anskaffelser", ["Verksted"]),
        pytest.param("verk", ["Verksted"], marks=sqlite_only),  # part of a word still finds it
        ("!!!", []),
        ("barna ingenting", []),
    ],
)
def test_search_finds_what_the_words_name(cases, words, expected):
    assert found(words) == expected


def _queries(client, params, address="/en/eksempler/") -> tuple[int, str]:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, params)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_search_that_finds_nothing_says_so_and_offers_what_the_words_resemble(client, cases):
    _count, html = _queries(client, {"q": "integraton berum"})
    assert "No example matches “integraton berum” with these choices." in html
    assert 'href="/en/eksempler/?theme=integrering">Integration</a> (theme)' in html
    assert 'href="/en/eksempler/?municipality=3201">Bærum (Akershus)</a> (municipality)' in html
    # The words stay in the search box.
    assert 'name="q" value="integraton berum"' in html


def test_the_names_offered_are_in_the_readers_language(client, cases):
    html = _queries(client, {"q": "integrring", "form": "pilot"}, address="/eksempler/")[1]
    assert "Ingen eksempler passer med «integrring» og disse valgene." in html
    assert 'href="/eksempler/?theme=integrering">Integrering</a> (tema)' in html


def test_the_forms_of_collaboration_and_counties_are_offered_too(client, cases):
    html = _queries(client, {"q": "grants akershu", "form": "pilot"})[1]
    assert 'href="/en/eksempler/?form=grant">Grant</a>' in html
    assert 'href="/en/eksempler/?county=32">Akershus</a> (county)' in html


def test_nothing_is_offered_for_words_that_resemble_nothing(client, cases):
    html = _queries(client, {"q": "xqzv"})[1]
    assert "No example matches “xqzv”" in html
    assert "Did you mean" not in html


def test_hostile_words_are_shown_as_text(client, cases):
    html = _queries(client, {"q": '<script>alert("x")</script>'})[1]
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_offering_choices_costs_no_query(client, cases):
    offered = _queries(client, {"q": "integraton"})
    nothing = _queries(client, {"q": "xqzv"})
    found = _queries(client, {"q": "verksted"})
    assert "Did you mean" in offered[1]
    assert offered[0] == nothing[0] <= found[0]


def test_an_over_long_word_is_kept_as_it_is_and_quickly():
    # Snowball took 18 s over a 50,000-letter word.
    word = "Ene" * 20_000
    assert search_form(word) == word.lower()


def test_many_words_resembling_nothing_cost_little(client, cases):
    words = " ".join(f"ord{number}x" for number in range(100))[:200]
    started = time.monotonic()
    html = _queries(client, {"q": words})[1]
    assert "No example matches" in html
    assert time.monotonic() - started < 2


def test_a_theme_renamed_or_deleted_by_the_editors_is_searched_by_its_new_names(call):
    from editorial.services import delete_themes, save_theme
    from submissions.models import Theme
    from tests.factories import make_editor

    main = make_theme(slug="arbeid", name="Arbeid")
    further = make_theme(slug="unge", name="Ungdom")
    make_case(call, title="Kafé", main_theme=main, themes=[further])
    main.name_en = "Employment"
    save_theme(main, by=make_editor())
    assert found("employment") == ["Kafé"]
    delete_themes(Theme.objects.filter(pk=further.pk))
    assert found("ungdom") == []
