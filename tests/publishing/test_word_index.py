"""Words matched and ranked in the process's memory (publishing.word_index) find the same cases in
the same order as the database does (PostgreSQL's statement, SQLite's query of the cases), and
read each word once per publication generation."""

import random
from array import array
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing import selectors, word_index
from publishing.pg_search import parse_query
from tests.factories import BEFORE_DEADLINES, make_case

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ts_rank and phrases are PostgreSQL's"
)
# New words are read in two queries on PostgreSQL, in one per word on SQLite.
POSTGRESQL = connection.vendor == "postgresql"

VOCABULARY = ["kafé", "sykkel", "barn", "eldre", "arbeid", "skole", "natur", "sykler"]
SORTS = ["relevance", "newest", "oldest"]


def _words(rng, low, high) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(low, high)))


@pytest.fixture
def corpus(call):
    return _corpus(call, 30)


@pytest.fixture
def few(call):
    return _corpus(call, 4)


def _corpus(call, size: int):
    """Cases whose titles, pitches, answers and enterprises are drawn from a few words,
    so that ranks tie and differ by a word's count, weight and place; some published at the
    same moment, so that the case's id decides among equals."""
    rng = random.Random(17)  # noqa: S311 (made-up texts)
    start = BEFORE_DEADLINES + timedelta(days=30)
    return [
        make_case(
            call,
            title=_words(rng, 1, 4).capitalize(),
            summary=_words(rng, 0, 6),
            answer=_words(rng, 0, 5) or "Et svar.",
            enterprise=f"{_words(rng, 0, 1)} AS",
            published_at=start + timedelta(hours=rng.randint(0, 8)),
        )
        for _ in range(size)
    ]


def _queries(rng) -> list[str]:
    one = lambda: rng.choice([*VOCABULARY, "ukjent"])  # noqa: E731
    shapes = [
        lambda: one(),
        lambda: f"{one()} {one()}",
        lambda: f"{one()} {one()} {one()}",
        lambda: f"{one()} or {one()}",
        lambda: f"{one()} -{one()}",
        lambda: f"-{one()}",
        lambda: f"{one()} {one()} or -{one()}",
        lambda: f"{one()} {one()} {one()} {one()}".upper(),
    ]
    return [rng.choice(shapes)() for _ in range(80)]


def _in_database(words: str, sort: str) -> list[int]:
    if POSTGRESQL:
        return selectors.ordered_ids_of_words(words, sort)
    found = selectors.search_cases(selectors.published_cases(), words)
    return list(selectors.order_cases(found, sort).values_list("pk", flat=True))


def _in_memory(words: str, sort: str) -> list[int]:
    found = selectors.found_by_words(words)
    return list(found.ids(found.mask, sort))


@pytest.fixture(params=["in parts", "case by case"])
def summed(request, monkeypatch):
    """Each way of summing the ranks (word_index.Found.rank_groups)."""
    if request.param == "case by case":
        monkeypatch.setattr(word_index, "MAX_RANK_PARTS", 1)


def test_the_cases_and_their_order_are_the_databases(corpus, summed):
    rng = random.Random(5)  # noqa: S311
    differing = [
        (words, sort)
        for words in _queries(rng)
        for sort in SORTS
        if _in_memory(words, sort) != _in_database(words, sort)
    ]
    assert differing == []
    # The comparison is worth something: most queries find several cases, ranked apart.
    assert len(_in_database("kafé", "relevance")) > 10


@postgresql_only
def test_the_rank_is_ts_ranks_to_the_last_bit(corpus, summed):
    """Equal ranks tie in the database, so a rank off by one bit would sort differently."""
    for words in ["kafé", "kafé sykkel", "barn or eldre natur", "sykkel sykler skole"]:
        query = parse_query(words, 8)
        found = word_index.find(query)
        documents = selectors.search_published_documents(words)
        # The database's real (single precision), which psycopg reads by its shortest decimals.
        expected = {
            pk: array("f", [rank])[0] for pk, rank in documents.values_list("submission_id", "rank")
        }
        ranks = {}
        for rank, part in found.rank_groups(found.mask):
            ranks |= dict.fromkeys(word_index.OrderedIds(found.keys, [part]), rank)
        mine = {pk: ranks.get(pk, 0.0) for pk in expected}
        assert mine == expected, words


def test_a_page_of_the_list_is_the_same_part_of_the_whole(corpus, summed):
    for words in ["kafé or sykkel", "barn -eldre", "natur"]:
        found = selectors.found_by_words(words)
        for sort in SORTS:
            ids = found.ids(found.mask, sort)
            whole = list(ids)
            assert len(ids) == len(whole) == found.mask.bit_count()
            pages = [ids[start : start + 7] for start in range(0, len(whole) + 7, 7)]
            assert [pk for page in pages for pk in page] == whole, (words, sort)


@postgresql_only
def test_a_phrase_is_left_to_the_database(call, client):
    make_case(call, title="Kafé med sykkelverksted")
    make_case(call, title="Sykkelverksted med kafé")
    assert selectors.found_by_words('"kafé med"') is None
    assert selectors.found_by_words("kafé-sykkel") is None
    page = client.get("/en/eksempler/", {"q": '"kafé med" sykkelverksted'}).content.decode()
    assert "Kafé med sykkelverksted" in page
    assert "Sykkelverksted med kafé" not in page


def _words_read(words: str) -> int:
    """The queries of the search documents that finding `words` makes (the tests read the
    publication generation at each request, which a process does once a second)."""
    with CaptureQueriesContext(connection) as queries:
        selectors.found_by_words(words)
    return sum("publishing_searchdocument" in query["sql"] for query in queries)


def test_each_word_is_read_once_per_generation(few):
    assert _words_read("kafé sykkel") == 2  # both words
    assert _words_read("sykkel -kafé kafé") == 0
    assert _words_read("sykkel barn") == (2 if POSTGRESQL else 1)


def test_a_publication_is_found_in_the_next_generation(
    call, few, django_capture_on_commit_callbacks
):
    assert selectors.found_by_words("vindmølle").mask == 0
    with django_capture_on_commit_callbacks(execute=True):  # the publication's bump
        new = make_case(call, title="Vindmølle på skolen")
    assert _in_memory("vindmølle", "relevance") == [new.pk]


def test_the_words_kept_are_bounded(few, monkeypatch):
    monkeypatch.setattr(word_index, "MAX_WORDS_MEMORY", 0)  # each reading forgets the others
    selectors.found_by_words("kafé sykkel barn")
    assert _words_read("kafé") == 0
    one_word = 2 if POSTGRESQL else 1
    assert _words_read("eldre") == one_word  # all forgotten, then "eldre" read
    assert _words_read("kafé") == one_word
    assert _in_memory("kafé", "newest") == _in_database("kafé", "newest")
