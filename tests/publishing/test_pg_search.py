"""PostgreSQL searches by the project's search forms (publishing.pg_search): the stored vectors
and the reader's query are written from publishing.words, websearch's syntax still works, and no
input makes an error. The literals are checked everywhere; the searches on both databases where
they mean the same, on PostgreSQL where the syntax is PostgreSQL's."""

import re

import pytest
from django.db import connection

from publishing import selectors
from publishing.models import SearchDocument
from publishing.pg_search import parse_query, parse_words, quoted, vector_literal
from publishing.services import refresh_stale_search_documents
from publishing.similar import similar_cases
from publishing.words import search_form
from tests.factories import make_case

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="websearch's syntax and the vectors are PostgreSQL's"
)

HOSTILE = [
    "'",
    "''",
    '"',
    '"""',
    "a & b",
    "a | | b",
    "!",
    "!!a",
    "a:*",
    "sykkel:* & 'x'",
    "(",
    "((a) | b",
    ")",
    "<->",
    "a <-> b <2> c",
    "-",
    "- -",
    "--a",
    "or",
    "or or",
    "a or",
    "\\",
    "'\\'",
    "x\x00y",
    "sykkel " * 2000,
    "å" * 10_000,
    "\u0301\u200b\ufeff",
]


def test_the_query_is_the_search_forms_of_the_words_quoted():
    assert parse_query("Syklene barna", 8).match == _written("({syklene} & {barna})")
    # The same forms as the words they inflect.
    assert parse_query("Syklene barna", 8).rank == _written("{sykkel} | {barn}")


def _written(template: str) -> str:
    """`template` with each {word} replaced by its search form in quotes."""
    return re.sub(r"\{(\w+)\}", lambda word: f"'{search_form(word[1])}'", template)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('"sosial entreprenør"', "(({sosial} <-> {entreprenør}))"),
        ("e-post", "(({e} <-> {post}))"),  # a word with a hyphen, as websearch reads it
        ("kafé -pilot", "({kafé} & !{pilot})"),
        ('kafé -"ung pilot"', "({kafé} & !({ung} <-> {pilot}))"),
        ("kafé or sykkel barn", "({kafé}) | ({sykkel} & {barn})"),
        ("kafé OR", "({kafé})"),
        ('"unclosed phrase', "(({unclosed} <-> {phrase}))"),
        ("!!! ---", ""),
    ],
)
def test_websearch_syntax_is_read_into_a_tsquery(text, match):
    assert parse_query(text, 8).match == _written(match)


def test_excluded_words_do_not_rank():
    assert parse_query("kafé -pilot", 8).rank == _written("{kafé}")


def test_a_query_keeps_at_most_the_words_allowed():
    assert parse_query("a b c d e", 3).match == "('a' & 'b' & 'c')"


def test_quotes_and_backslashes_in_a_lexeme_are_escaped():
    # words_of keeps none of them today; the literal must stay valid if it ever does.
    assert parse_words(["sykkel", "syklene"]) == _written("{sykkel}")
    assert quoted("it's\\") == "'it''s\\\\'"


def test_the_vector_holds_the_search_forms_at_their_positions_with_their_weights():
    weighted = {"A": "Syklene", "B": "for barna", "C": "Sykkel igjen"}
    assert vector_literal(weighted) == _written("{sykkel}:1A,4C {for}:2B {barn}:3B {igjen}:5C")
    assert vector_literal(weighted, weights=("A", "B")) == _written(
        "{sykkel}:1A {for}:2B {barn}:3B"
    )


def test_the_vector_leaves_out_what_postgresql_would_refuse():
    long_word = "x" * 300
    literal = vector_literal({"A": f"{long_word} kort " + "ord " * 20_000})
    assert long_word not in literal
    assert "'kort':2A" in literal
    # 256 positions at most per word, none past 16383.
    positions = literal.split("'ord':")[1].split(",")
    assert len(positions) == 256
    assert all(int(position[:-1]) <= 16383 for position in positions)


@pytest.mark.django_db
@pytest.mark.parametrize("text", HOSTILE)
def test_no_input_makes_an_error(call, client, text):
    make_case(call, title="Sykkelverksted", summary="Vi reparerer sykler.")
    list(selectors.search_cases(selectors.published_cases(), text).order_by("-rank"))
    response = client.get("/en/eksempler/", {"q": text})
    assert response.status_code == 200


@pytest.mark.django_db
def test_every_stored_document_reads_back_as_a_vector(call):
    make_case(call, title="It's a \\ test", summary="Quotes ' and \" and & | ! :* (x)")
    if connection.vendor == "postgresql":
        document = SearchDocument.objects.get()
        assert "'test':" in document.vector
        assert "'test':" in document.rank_vector


def _titles(text: str) -> list[str]:
    cases = selectors.search_cases(selectors.published_cases(), text)
    return list(selectors.order_cases(cases, "relevance").values_list("title", flat=True))


@pytest.fixture
def cases(call):
    return [
        make_case(call, title="Sykkelverksted", summary="Sosial entreprenør med kafé."),
        make_case(call, title="Kafé for eldre", summary="Entreprenør som er sosial."),
        make_case(call, title="Annet", summary="Noe annet.", answer="Syklene på kafé."),
    ]


@postgresql_only
@pytest.mark.django_db
def test_on_postgresql_the_websearch_syntax_still_works(cases):
    assert _titles('"sosial entreprenør"') == ["Sykkelverksted"]
    # Excluded by its search form: "sykler" leaves out the case whose answer says "syklene".
    assert sorted(_titles("kafé -sykler")) == ["Kafé for eldre", "Sykkelverksted"]
    assert sorted(_titles("eldre or sykkelverksted")) == ["Kafé for eldre", "Sykkelverksted"]


@pytest.mark.django_db
def test_titles_rank_first_and_words_in_the_answers_still_find(cases):
    # "syklene" is the answer's word and "sykkelverksted" is not "sykkel": only the third case.
    assert _titles("syklene") == ["Annet"]
    found = _titles("kafé")
    assert found[0] == "Kafé for eldre"
    assert sorted(found) == ["Annet", "Kafé for eldre", "Sykkelverksted"]


@postgresql_only
@pytest.mark.django_db
def test_documents_without_a_ranking_vector_are_rebuilt_after_migrating(cases):
    SearchDocument.objects.update(vector=None, rank_vector=None)
    assert _titles("eldre") == []
    assert refresh_stale_search_documents() == len(cases)
    assert _titles("eldre") == ["Kafé for eldre"]
    assert refresh_stale_search_documents() == 0


@postgresql_only
@pytest.mark.django_db
def test_similar_examples_find_other_forms_of_the_titles_words(call):
    this = make_case(call, title="Syklene", themes=(), collaboration_form="grant")
    make_case(call, title="Annet", summary="En sykkel.", themes=(), collaboration_form="pilot")
    make_case(call, title="Ingenting", themes=(), collaboration_form="pilot")
    assert [case.title for case in similar_cases(this, [])] == ["Annet"]


@postgresql_only
@pytest.mark.django_db
def test_a_search_reads_its_ids_in_one_array_in_the_chosen_order(cases):
    first, second, third = (case.pk for case in cases)
    documents = selectors.search_published_documents("kafé")
    assert selectors.ordered_case_ids(documents, "newest") == [third, second, first]
    assert selectors.ordered_case_ids(documents, "oldest") == [first, second, third]
    # The title first, then the pitch, then the answers (no rank), newest first among equals.
    assert selectors.ordered_case_ids(documents, "relevance") == [second, first, third]
    assert selectors.ordered_case_ids(selectors.search_published_documents("-kafé"), "newest") == []


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
@pytest.mark.parametrize("words", ["kafé", "kafé -sentrum", '"kafé i"', "-kafé", "kafé's ' \\"])
def test_the_statement_compiled_once_finds_what_the_orm_query_finds(cases, sort, words):
    documents = selectors.search_published_documents(words)
    expected = selectors.ordered_case_ids(documents, sort)
    assert selectors.ordered_ids_of_words(words, sort) == expected
    # Compiled once per order: the next search's words are its own, not the first's.
    assert selectors.ordered_ids_of_words("ingenting-slikt", sort) == []
