"""What the selectors promise (publishing.selectors): every public page runs the same number of
SQL queries however many cases there are."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from submissions import services
from submissions.models import Person
from tests.factories import make_case, make_theme
from tests.recipes.factories import make_recipe

pytestmark = pytest.mark.django_db

# Address: queries when rendered with an empty cache. A page reads the publication generation
# once (publishing.cache.one_generation); pages with the filters then read what is kept until the
# next one: the choices of themes, counties and municipalities, and each case's keys for the
# facets (three queries, publishing.facets); the list reads its cases' cards (three queries,
# publishing.cards); the home page's cache key also asks which calls are open.
# Every page shown in the site's frame counts one query for the book's download link, and every
# page two for the publisher and its partners (read once per request: publisher.accessor).
PAGES = {
    "/en/": 17,
    "/en/eksempler/": 14,
    "/en/eksempler/?q=sak&theme=integrering&form=pilot&county=03&enterprise=gr%C3%B8nn": 14,
    "/en/eksempler/?municipality=0301&sort=oldest&page=1": 14,
    # + readers input, the themes tools, similar examples and the form's recipe
    "/en/eksempler/sak-0/": 17,
    "/en/oppskrifter/": 6,
    "/en/oppskrifter/pilot/": 8,
    "/en/tema/": 6,
    "/en/tema/integrering/": 9,
    "/en/feed/": 5,
    "/en/feed/rss/": 5,
    "/sitemap.xml": 6,
}


def _queries(client, address) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200, address
    return len(queries)


def _add_case(call, number, themes):
    case = make_case(
        call,
        title=f"Sak {number}",
        municipalities=("0301", "4601"),
        main_theme=themes[0],
        themes=themes[1:],
    )
    contact = case.people.get(side=Person.Side.MUNICIPALITY)
    services.answer_invitation(contact, participates=True, consents={"web": True}, language="nb")


def test_each_public_page_runs_a_constant_number_of_queries(client, call):
    themes = [make_theme(), make_theme(slug="arbeid", name="Arbeid")]
    make_recipe("pilot")
    counts = {address: [] for address in PAGES}
    made = 0
    for total in (1, 3, 10):
        while made < total:
            _add_case(call, made, themes)
            made += 1
        for address in PAGES:
            counts[address].append(_queries(client, address))
    assert counts == {address: [expected] * 3 for address, expected in PAGES.items()}
