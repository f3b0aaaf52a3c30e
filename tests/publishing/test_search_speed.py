"""A search nobody made before is cheap: no query for words read before (publishing.word_index),
the facets counted in memory, the cards of the cases read from the cache (publishing.facets,
.cards)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial.services import save_case_edit, save_theme
from submissions.models import Submission
from tests.factories import make_case, make_editor, make_theme

pytestmark = pytest.mark.django_db

# A different search each time, after a first page has filled the caches: the publication
# generation, then for the words the queries that read those new to this generation (publishing.
# word_index: "svar" was read before, "kafé" the first time; one query per word on SQLite, two
# for all of them on PostgreSQL), none for words read before; without words, the matching ids
# (the publisher and the book's link are in the page's frame, publishing.frames).
SEARCHES = {
    "/en/eksempler/?q=kafé": 1 + 1,
    "/en/eksempler/?q=kafé+svar&county=03": 1,
    "/en/eksempler/?q=svar&form=pilot&sort=oldest": 1,
    "/en/eksempler/?q=svar&theme=arbeid&page=2": 1,
    "/en/eksempler/?municipality=0301&page=1": 2,
}
# The one new word read in two queries on PostgreSQL (matches and ranks), not one.
SEARCHES_POSTGRESQL = {**SEARCHES, "/en/eksempler/?q=kafé": 1 + 2}


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200, address
    return len(queries)


def test_a_new_search_runs_the_same_few_queries_however_many_cases_match(client, call):
    theme = make_theme(slug="arbeid", name="Arbeid")
    counts = {address: [] for address in SEARCHES}
    made = 0
    for total in (1, 5, 25):
        while made < total:
            make_case(call, title=f"Kafé {made}", main_theme=theme, collaboration_form="pilot")
            made += 1
        client.get("/en/eksempler/?q=svar&page=1")  # fills the caches of this generation
        client.get("/en/eksempler/?q=svar&page=2")
        for address in SEARCHES:
            counts[address].append(_queries(client, address))
        # What a publication's bump makes stale (the tests' transactions never commit).
        cache.clear()
    searches = SEARCHES_POSTGRESQL if connection.vendor == "postgresql" else SEARCHES
    assert counts == {address: [queries] * 3 for address, queries in searches.items()}


def _card_of(client, title) -> str:
    page = client.get("/en/eksempler/", {"q": "svar", "sort": "oldest"}).content.decode()
    start = page.index(title)
    return page[start : page.index("</article>", start)]


def test_a_cards_cache_follows_an_edit_of_its_case(
    client, call, django_capture_on_commit_callbacks
):
    case = make_case(call, title="Kafé i sentrum", collaboration_form="pilot")
    assert "Pilot agreement" in _card_of(client, "Kafé i sentrum")
    with django_capture_on_commit_callbacks(execute=True):
        case.collaboration_form = Submission.CollaborationForm.GRANT
        save_case_edit(
            case, fields=["collaboration_form"], loaded_version=case.version, by=make_editor()
        )
    card = _card_of(client, "Kafé i sentrum")
    assert "Grant" in card
    assert "Pilot agreement" not in card


def test_a_cards_cache_follows_a_renamed_theme(client, call, django_capture_on_commit_callbacks):
    theme = make_theme(slug="arbeid", name="Arbeid", name_en="Work")
    make_case(call, title="Kafé i sentrum", main_theme=theme)
    assert ">Work</a>" in _card_of(client, "Kafé i sentrum")
    with django_capture_on_commit_callbacks(execute=True):
        theme.name_en = "Jobs"
        save_theme(theme, by=make_editor())
    assert ">Jobs</a>" in _card_of(client, "Kafé i sentrum")


def test_the_facets_count_among_the_cases_the_other_filters_leave(client, call):
    pilot, grant = Submission.CollaborationForm.PILOT, Submission.CollaborationForm.GRANT
    make_case(call, title="Sykkel Oslo", municipalities=("0301",), collaboration_form=pilot)
    make_case(call, title="Sykkel Bærum", municipalities=("3201",), collaboration_form=grant)
    make_case(call, title="Verksted", municipalities=("0301", "3201"), collaboration_form=pilot)
    html = client.get("/en/eksempler/", {"q": "sykkel", "county": "03"}).content.decode()
    # Among the sykkel cases: one in Oslo (03), one in Akershus (32), whichever form.
    assert '<option value="03" selected>Oslo (1)</option>' in html
    assert '<option value="32">Akershus (1)</option>' in html
    # Among the sykkel cases in Oslo: one pilot, no grant.
    assert '<option value="pilot">Pilot agreement (1)</option>' in html
    assert '<option value="grant">Grant (0)</option>' in html
