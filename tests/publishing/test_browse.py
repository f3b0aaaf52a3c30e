"""Readers find cases by theme, place, party, form of collaboration and word, page by page."""

import datetime as dt
import re

import pytest

from publishing.views import CASES_PER_PAGE
from tests.factories import OSLO, make_case, make_theme

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 10, 1, 12, 0, tzinfo=OSLO)


def titles(response) -> list[str]:
    """The titles of the cases listed on a page, in order."""
    html = response.content.decode()
    return re.findall(r'<h3 class="kb-case-title"[^>]*><a href="[^"]*">([^<]*)</a>', html)


@pytest.fixture
def library(call):
    """Three published cases that differ in every way a reader can filter on."""
    work = make_theme(slug="arbeid", name="Arbeidsinkludering", name_en="Work inclusion")
    youth = make_theme(slug="unge", name="Barn og unge", name_en="Children and youth")
    return {
        "kafe": make_case(
            call,
            title="Lunsjkafé i sentrum",
            summary="Unge får arbeidstrening i en kafé.",
            answer="Kommunen leide lokaler.",
            collaboration_form="pilot",
            municipalities=("0301",),
            enterprise="Grønn Start AS",
            main_theme=work,
            published_at=DAY,
        ),
        "lekser": make_case(
            call,
            title="Leksehjelp på biblioteket",
            summary="Frivillige gir leksehjelp.",
            answer="Biblioteket stilte med rom og bøker.",
            collaboration_form="partnership",
            municipalities=("4601", "1103"),
            enterprise="Lekseverkstedet SA",
            main_theme=youth,
            themes=[work],
            published_at=DAY + dt.timedelta(days=1),
        ),
        "sykkel": make_case(
            call,
            title="Sykkelverksted",
            summary="Nyankomne reparerer sykler.",
            answer="Ålesund kommune betalte verktøyet.",
            collaboration_form="grant",
            municipalities=("1508",),
            enterprise="Hjulspor AS",
            published_at=DAY + dt.timedelta(days=2),
        ),
    }


def test_list_shows_newest_first_by_default(client, library):
    assert titles(client.get("/en/eksempler/")) == [
        "Sykkelverksted",
        "Leksehjelp på biblioteket",
        "Lunsjkafé i sentrum",
    ]


def test_list_can_be_sorted_oldest_first(client, library):
    assert titles(client.get("/en/eksempler/?sort=oldest")) == [
        "Lunsjkafé i sentrum",
        "Leksehjelp på biblioteket",
        "Sykkelverksted",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=arbeid", ["Leksehjelp på biblioteket", "Lunsjkafé i sentrum"]),
        ("theme=unge", ["Leksehjelp på biblioteket"]),
        ("form=grant", ["Sykkelverksted"]),
        ("county=46", ["Leksehjelp på biblioteket"]),
        ("county=11", ["Leksehjelp på biblioteket"]),
        ("municipality=0301", ["Lunsjkafé i sentrum"]),
        ("enterprise=hjulspor", ["Sykkelverksted"]),
        ("enterprise=gr%C3%98nn", ["Lunsjkafé i sentrum"]),
        ("theme=arbeid&form=pilot", ["Lunsjkafé i sentrum"]),
        ("theme=unge&form=grant", []),
    ],
)
def test_filters_narrow_the_list(client, library, query, expected):
    assert titles(client.get(f"/en/eksempler/?{query}")) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("sentrum", ["Lunsjkafé i sentrum"]),  # title
        ("arbeidstrening", ["Lunsjkafé i sentrum"]),  # pitch
        ("biblioteket", ["Leksehjelp på biblioteket"]),  # title and answer
        ("verktøyet", ["Sykkelverksted"]),  # answer
        ("lekseverkstedet", ["Leksehjelp på biblioteket"]),  # social enterprise
        ("Stavanger", ["Leksehjelp på biblioteket"]),  # municipality
        ("Rogaland", ["Leksehjelp på biblioteket"]),  # county
        ("ålesund", ["Sykkelverksted"]),  # Æ, Ø, Å in another case than typed
        ("kafé unge", ["Lunsjkafé i sentrum"]),  # every word must match
        ("ingenting", []),
    ],
)
def test_search_finds_words_in_every_text_field(client, library, words, expected):
    assert titles(client.get("/en/eksempler/", {"q": words})) == expected


def test_search_matches_other_forms_of_a_word_and_ranks_titles_first(client, library):
    assert titles(client.get("/en/eksempler/", {"q": "sykler"})) == ["Sykkelverksted"]
    assert titles(client.get("/en/eksempler/", {"q": "leksehjelp"})) == [
        "Leksehjelp på biblioteket"
    ]


def test_search_results_come_best_match_first_and_can_be_sorted_by_date(client, library):
    # "biblioteket" is in the title of one case and only in the answer of a newer one.
    make_case(
        library["kafe"].call,
        title="Frivilligsentral",
        answer="Biblioteket i kommunen var med.",
        published_at=DAY + dt.timedelta(days=3),
    )
    assert titles(client.get("/en/eksempler/", {"q": "biblioteket"})) == [
        "Leksehjelp på biblioteket",
        "Frivilligsentral",
    ]
    assert titles(client.get("/en/eksempler/", {"q": "biblioteket", "sort": "newest"})) == [
        "Frivilligsentral",
        "Leksehjelp på biblioteket",
    ]


def test_facets_count_what_each_choice_would_show(client, library):
    html = client.get("/en/eksempler/?theme=arbeid").content.decode()
    # Themes count among all cases (the theme filter is the one being chosen) ...
    assert '<option value="arbeid" selected>Work inclusion (2)</option>' in html
    assert '<option value="unge">Children and youth (1)</option>' in html
    # ... the other facets among the cases of the chosen theme.
    assert '<option value="pilot">Pilot agreement (1)</option>' in html
    assert '<option value="grant">Grant (0)</option>' in html
    assert '<option value="03">Oslo (1)</option>' in html
    assert '<option value="15">Møre og Romsdal (0)</option>' in html
    assert '<option value="1508">Ålesund (Møre og Romsdal) (0)</option>' in html


def test_municipality_choices_are_only_places_with_published_cases(client, library):
    html = client.get("/en/eksempler/").content.decode()
    options = re.findall(r'<option value="(\d{4})"', html)
    assert options == ["4601", "0301", "1103", "1508"]  # Norwegian alphabetical: Å last


def test_an_unknown_choice_is_reported_and_filters_nothing(client, library):
    response = client.get("/en/eksempler/?theme=finnes-ikke")
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert "Choose one of the options for “Theme”." in response.content.decode()


def test_list_is_paged_and_pages_keep_the_filters(client, call):
    theme = make_theme()
    for number in range(CASES_PER_PAGE + 2):
        make_case(call, title=f"Sak {number:02}", main_theme=theme, published_at=DAY)
    first = client.get("/en/eksempler/?theme=integrering")
    assert len(titles(first)) == CASES_PER_PAGE
    assert 'href="?theme=integrering&amp;page=2" rel="next"' in first.content.decode()
    second = client.get("/en/eksempler/?theme=integrering&page=2")
    assert titles(second) == ["Sak 01", "Sak 00"]
    assert "Page 2 of 2" in second.content.decode()
    assert titles(client.get("/en/eksempler/?page=999")) == ["Sak 01", "Sak 00"]


def test_theme_page_lists_main_and_further_theme_cases_with_its_introduction(client, library):
    work = library["kafe"].main_theme
    work.introduction_en = "Paths to *work*."
    work.save()
    html = client.get("/en/tema/arbeid/").content.decode()
    assert "<h1>Work inclusion</h1>" in html
    assert "<p>Paths to <em>work</em>.</p>" in html
    assert titles(client.get("/en/tema/arbeid/")) == [
        "Leksehjelp på biblioteket",
        "Lunsjkafé i sentrum",
    ]
    assert client.get("/en/tema/finnes-ikke/").status_code == 404


def test_case_page_links_its_neighbours_in_the_main_theme(client, call):
    theme = make_theme()
    for day, title in enumerate(["Første", "Andre", "Tredje"]):
        make_case(call, title=title, main_theme=theme, published_at=DAY + dt.timedelta(days=day))
    make_case(call, title="Annet tema", published_at=DAY + dt.timedelta(days=1))
    html = client.get("/en/eksempler/andre/").content.decode()
    assert 'Previous example: <a href="/en/eksempler/forste/" rel="prev">Første</a>' in html
    assert 'Next example: <a href="/en/eksempler/tredje/" rel="next">Tredje</a>' in html
    first = client.get("/en/eksempler/forste/").content.decode()
    assert "Previous example" not in first
    assert 'rel="next">Andre</a>' in first


def test_home_shows_the_open_call_latest_cases_themes_and_a_finder(client, library, clock):
    html = client.get("/en/").content.decode()
    assert "Veier til nye samarbeid</h3>" in html
    assert 'href="/en/send-inn/utlysning/veier/"' in html
    assert titles(client.get("/en/")) == [
        "Sykkelverksted",
        "Leksehjelp på biblioteket",
        "Lunsjkafé i sentrum",
    ]
    assert '<a href="/en/tema/arbeid/">Work inclusion</a>' in html
    assert '<form method="get" action="/en/eksempler/" role="search"' in html
    assert '<option value="pilot">Pilot agreement (1)</option>' in html


@pytest.mark.parametrize(
    ("language", "label"), [("", "Startet"), ("/nn", "Starta"), ("/en", "Started")]
)
def test_case_page_states_the_year_started_in_its_facts_only_when_given(
    client, call, language, label
):
    make_case(call, title="Med år", started_year=2019)
    make_case(call, title="Uten år")
    facts = re.compile(r'<aside class="ds-card kb-facts".*?</aside>', re.S)
    with_year = facts.search(client.get(f"{language}/eksempler/med-ar/").content.decode())[0]
    assert re.search(rf"<dt>{label}</dt>\s*<dd>2019</dd>", with_year)
    without = facts.search(client.get(f"{language}/eksempler/uten-ar/").content.decode())[0]
    assert f"<dt>{label}</dt>" not in without
