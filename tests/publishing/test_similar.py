"""A case page shows up to three similar examples (publishing.similar): shared themes and form
of collaboration first, in one query, cached with the page."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing.similar import similar_cases
from tests.factories import OSLO, make_case, make_theme, unpublish

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 10, 1, 12, 0, tzinfo=OSLO)


@pytest.fixture
def themes():
    return make_theme(slug="arbeid", name="Arbeid"), make_theme(slug="unge", name="Unge")


def _case(call, title, days, **fields):
    return make_case(call, title=title, published_at=DAY + dt.timedelta(days=days), **fields)


def titles(cases) -> list[str]:
    return [case.title for case in cases]


def test_most_alike_first_then_newest(call, themes, django_assert_num_queries):
    work, youth = themes
    this = _case(call, "Denne", 0, main_theme=work, themes=[youth], collaboration_form="grant")
    _case(call, "To temaer", 1, main_theme=youth, themes=[work], collaboration_form="pilot")
    _case(call, "Alt felles", 2, main_theme=work, themes=[youth], collaboration_form="grant")
    _case(call, "Ett tema", 3, main_theme=work, collaboration_form="pilot")
    _case(call, "Samme form", 4, collaboration_form="grant")
    _case(call, "Ingenting felles", 5, collaboration_form="partnership")
    with django_assert_num_queries(1):
        similar = similar_cases(this, [work.pk, youth.pk])
    assert titles(similar) == ["Alt felles", "To temaer", "Ett tema"]
    # A theme in common weighs more than the same form; "Ingenting felles" is not offered.
    assert titles(similar_cases(this, [work.pk, youth.pk], limit=10)) == [
        "Alt felles",
        "To temaer",
        "Ett tema",
        "Samme form",
    ]


def test_only_published_cases_and_never_the_case_itself(call, themes):
    work, _youth = themes
    this = _case(call, "Denne", 0, main_theme=work)
    unpublish(_case(call, "Tatt ned", 1, main_theme=work))
    assert similar_cases(this, [work.pk]) == []


def test_a_case_with_no_theme_or_form_has_none(call):
    this = _case(call, "Denne", 0, collaboration_form="")
    _case(call, "Annen", 1, collaboration_form="")
    # On PostgreSQL the words of the title could find one, but "denne" is a stop word.
    assert similar_cases(this, []) == []


def test_the_page_shows_them_cached_with_it(client, call, themes, django_assert_num_queries):
    work, _youth = themes
    this = _case(call, "Denne", 0, main_theme=work)
    _case(call, "Nabo", 1, main_theme=work)
    cache.clear()
    html = client.get(f"/en/eksempler/{this.slug}/").content.decode()
    assert "Similar examples" in html
    assert f'<a href="/en/eksempler/{this.slug.replace("denne", "nabo")}/">Nabo</a>' in html
    # Cached whole: the next reader's request reads the publication generation only.
    with django_assert_num_queries(1):
        assert client.get(f"/en/eksempler/{this.slug}/").content.decode() == html


def test_the_page_runs_the_same_queries_however_many_are_alike(client, call, themes):
    work, _youth = themes
    this = _case(call, "Denne", 0, main_theme=work)
    counts = []
    for number in range(1, 6):
        _case(call, f"Nabo {number}", number, main_theme=work)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/en/eksempler/{this.slug}/")
        counts.append(len(queries))
    assert len(set(counts)) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="text similarity is PostgreSQL's")
def test_on_postgresql_the_words_of_the_title_find_texts_alike(call, themes):
    work, _youth = themes
    this = _case(call, "Sykkelverksted for unge", 0, main_theme=work, collaboration_form="grant")
    _case(call, "Ett tema", 1, main_theme=work, collaboration_form="pilot")
    _case(call, "Annet", 2, summary="Vi driver et sykkelverksted.", collaboration_form="pilot")
    _case(call, "Ingenting", 3, collaboration_form="pilot")
    assert titles(similar_cases(this, [work.pk])) == ["Ett tema", "Annet"]
