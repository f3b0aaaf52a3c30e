"""What readers see, as queries. Each starts from `Submission.objects.published()` (an editor's
preview is the one explicit exception; a search on PostgreSQL starts from the documents of the
published cases, `search_published_documents`) and loads what its page shows in a fixed number
of queries, however many cases there are.
"""

import operator
from collections import Counter
from functools import lru_cache, reduce

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F, Prefetch, Q, Value

from common.text import norwegian_sort_key
from publishing import word_index
from publishing.lookups import contains, in_document, in_title
from publishing.models import SearchDocument
from publishing.pg_search import WrittenQuery, parse_query
from publishing.words import words_of
from submissions.models import (
    Answer,
    ConsentPurpose,
    County,
    Municipality,
    OldSlug,
    Person,
    SocialEnterprise,
    Submission,
    Theme,
)

# Bounds on what one search may ask of the database.
MAX_SEARCH_CHARS = 200
MAX_SEARCH_WORDS = 8

# "relevance" needs the `rank` alias that search_cases() adds.
SORT_ORDERS = {
    "relevance": ("-rank", "-published_at", "-pk"),
    "newest": ("-published_at", "-pk"),
    "oldest": ("published_at", "pk"),
}


def _on_documents(field: str) -> str:
    """A SORT_ORDERS field as the search documents name it (their case's id `submission_id`)."""
    return field.replace("pk", "submission_id") if field.lstrip("-") == "pk" else field


# The same orders of the search documents (publishing.models.SearchDocument.published_at).
DOCUMENT_SORT_ORDERS = {
    sort: tuple(map(_on_documents, fields)) for sort, fields in SORT_ORDERS.items()
}

SubmissionThemes = Submission.themes.through
SubmissionMunicipalities = Submission.municipalities.through


# --- Lists of cases ---


def published_cases():
    return Submission.objects.published()


def with_card_data(cases):
    """What a case in a list shows: main theme, municipalities with county, enterprises."""
    return cases.select_related("main_theme").prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.select_related("county")),
        "enterprises",
    )


def latest_cases(limit: int):
    return with_card_data(order_cases(published_cases(), "newest"))[:limit]


def order_cases(cases, sort: str):
    return cases.order_by(*SORT_ORDERS[sort])


# --- Filters: each a condition on the case itself, so no join can repeat a case ---


def in_theme(slug: str) -> Q:
    """A case belongs to its main theme and to each of its further themes."""
    further = SubmissionThemes.objects.filter(theme__slug=slug).values("submission_id")
    return Q(main_theme__slug=slug) | Q(pk__in=further)


def in_county(number: str) -> Q:
    places = SubmissionMunicipalities.objects.filter(municipality__county__number=number)
    return Q(pk__in=places.values("submission_id"))


def in_municipality(number: str) -> Q:
    places = SubmissionMunicipalities.objects.filter(municipality__number=number)
    return Q(pk__in=places.values("submission_id"))


def with_enterprise_named(text: str, *, case="pk") -> Q:
    """`case`: the field holding the case's id (`submission_id` for search documents)."""
    enterprises = SocialEnterprise.objects.filter(contains("name", text))
    return Q(**{f"{case}__in": enterprises.values("submission")})


# --- Search ---


def search_cases(cases, text: str):
    """The cases that mention every word of `text` in their title, pitch, answers, social
    enterprises, municipalities or counties (their search documents), with a `rank` alias for
    sorting by relevance.

    On both databases a word is found by its search form (publishing.words: "syklene" finds
    "sykkel"). On PostgreSQL `text` may use websearch's syntax ("quoted phrase", -excluded,
    or; publishing.pg_search), and the rank puts words in the title above those in the pitch
    and names; words only in the answers add nothing to it. Elsewhere each word must occur in
    the document, as typed or in its search form, and the rank is the number of words in the
    title.
    """
    text = _search_text(text)
    if not text:
        return cases
    if connection.vendor == "postgresql":
        return _search_postgresql(cases, text)
    words = words_of(text)[:MAX_SEARCH_WORDS]
    if not words:
        return cases.none().alias(rank=Value(0))
    cases = cases.filter(*(in_document(word) for word in words))
    return cases.alias(rank=reduce(operator.add, map(in_title, words)))


def _search_text(text: str) -> str:
    """The reader's words as searched: white space made single, at most MAX_SEARCH_CHARS."""
    return " ".join(text.split())[:MAX_SEARCH_CHARS]


def search_published_documents(text: str):
    """PostgreSQL: the search documents of the published cases that match `text` as
    search_cases() finds them, with the same `rank` (annotated), read without the cases: a
    search that matched every case at 10,000 spent a third of its time joining them
    (bench/README.md). `text` must not be blank."""
    return _search_postgresql(_published_documents(), _search_text(text), prefix="", annotate=True)


def _published_documents():
    # published_at is set while the case is published, and only then (publishing.services).
    return SearchDocument.objects.exclude(published_at=None)


def ordered_case_ids(documents, sort: str) -> list[int]:
    """The cases' ids of `documents` (search_published_documents) in the order `sort`, read as
    one array: a third of the client's CPU of reading as many rows, and no more of the
    server's (bench/README.md)."""
    ids = ArrayAgg("submission_id", order_by=DOCUMENT_SORT_ORDERS[sort])
    return documents.aggregate(ids=ids)["ids"] or []


def found_by_words(text: str) -> word_index.Found | None:
    """The published cases that match `text` as search_cases() finds them, with their ranks,
    found in this process's memory (publishing.word_index); None for words only the database
    can match (on PostgreSQL a phrase). `text` must not be blank."""
    text = _search_text(text)
    if connection.vendor == "postgresql":
        return word_index.find(parse_query(text, MAX_SEARCH_WORDS))
    return word_index.find_all(words_of(text)[:MAX_SEARCH_WORDS])


def ordered_ids_of_words(text: str, sort: str) -> list[int]:
    """PostgreSQL: ordered_case_ids(search_published_documents(text), sort), by a statement
    the ORM compiles once per sort order and process: building the query took a fifth of a
    search's time at 1,000 cases (bench/README.md, eighth pass). `text` must not be blank."""
    query = parse_query(_search_text(text), MAX_SEARCH_WORDS)
    if not query.match:
        return []
    statement, stand_ins = _ordered_ids_statement(sort, ranked=bool(query.rank))
    words = {_MATCH_STAND_IN: query.match, _RANK_STAND_IN: query.rank}
    with connection.cursor() as cursor:
        cursor.execute(statement, [words.get(value, value) for value in stand_ins])
        return cursor.fetchone()[0]


# In place of the words while the statement is compiled, found again among its parameters.
_MATCH_STAND_IN = "'kokebok-match'"
_RANK_STAND_IN = "'kokebok-rank'"


@lru_cache(maxsize=8)
def _ordered_ids_statement(sort: str, *, ranked: bool) -> tuple[str, tuple]:
    documents = _matching(
        _published_documents(),
        _MATCH_STAND_IN,
        _RANK_STAND_IN if ranked else "",
        prefix="",
        annotate=True,
    )
    ids = documents.order_by(*DOCUMENT_SORT_ORDERS[sort]).values_list("submission_id")
    sql, params = ids.query.sql_with_params()
    # ARRAY(subquery) keeps the subquery's order: one array, as ordered_case_ids() reads.
    return f"SELECT ARRAY({sql})", tuple(params)


def _search_postgresql(rows, text: str, *, prefix="search_document__", annotate=False):
    """`rows`: cases, or with `prefix` "" their search documents; `annotate`: the rank as an
    annotation (which an aggregate may order by), else an alias."""
    query = parse_query(text, MAX_SEARCH_WORDS)
    if not query.match:
        return _with_rank(rows.none(), Value(0), annotate=annotate)
    return _matching(rows, query.match, query.rank, prefix=prefix, annotate=annotate)


def _matching(rows, match: str, rank_query: str, *, prefix: str, annotate: bool):
    """`rows` whose vector matches the tsquery `match`, with `rank` by `rank_query` (if any)."""
    rows = rows.filter(**{f"{prefix}vector": WrittenQuery(match)})
    # Ranked by the wanted words OR'd (ts_rank of an AND query also weighs how near the words
    # stand, pair of positions by pair), in the small vector of the title, pitch and names:
    # ts_rank over each matching case's whole vector was much of the query's time when a
    # common word matched thousands (bench/README.md). Nothing but excluded words: no rank.
    rank = Value(0)
    if rank_query:
        rank = SearchRank(F(f"{prefix}rank_vector"), WrittenQuery(rank_query))
    return _with_rank(rows, rank, annotate=annotate)


def _with_rank(rows, rank, *, annotate: bool):
    return rows.annotate(rank=rank) if annotate else rows.alias(rank=rank)


# --- Facets: how many cases each choice of a filter would show (the list's: publishing.facets) ---


def count_by_theme(cases) -> Counter:
    """Cases per theme slug, counting a case once whether the theme is its main or a further one."""
    main = cases.order_by().values_list("pk", "main_theme__slug")
    further = SubmissionThemes.objects.filter(submission__in=cases.values("pk")).values_list(
        "submission_id", "theme__slug"
    )
    # UNION drops the pairs that appear as both main and further theme.
    return Counter(slug for _pk, slug in main.union(further) if slug)


def theme_choices() -> list[tuple[str, str]]:
    return [(theme.slug, theme.display_name) for theme in Theme.objects.all()]


def county_choices() -> list[tuple[str, str]]:
    counties = sorted(County.objects.all(), key=lambda c: norwegian_sort_key(c.name))
    return [(county.number, county.name) for county in counties]


def municipality_choices() -> list[tuple[str, str]]:
    """Only the municipalities that have a published case; names repeat, so with the county."""
    places = SubmissionMunicipalities.objects.filter(submission__in=published_cases()).values(
        "municipality_id"
    )
    municipalities = Municipality.objects.filter(pk__in=places).select_related("county")
    ordered = sorted(municipalities, key=lambda m: norwegian_sort_key(m.name))
    return [(municipality.number, str(municipality)) for municipality in ordered]


# --- One case ---


def visible_cases(*, preview: bool = False):
    """Published cases; for an editor's preview, every case."""
    return Submission.objects.all() if preview else published_cases()


def case_page(*, preview: bool = False, **lookup) -> Submission | None:
    """The case with everything its page shows, found by `lookup` (slug or public_id)."""
    people = Person.objects.exclude(side=Person.Side.SUBMITTER).prefetch_related("consents")
    return (
        with_card_data(visible_cases(preview=preview))
        .prefetch_related(
            "themes",
            Prefetch(
                "answers", queryset=Answer.objects.select_related("question").exclude(text="")
            ),
            Prefetch("people", queryset=people),
        )
        .filter(**lookup)
        .first()
    )


def current_slug(old_slug: str, *, preview: bool = False) -> str | None:
    """The address a case has now, for an address it had before."""
    cases = visible_cases(preview=preview).exclude(slug=None)
    return (
        OldSlug.objects.filter(slug=old_slug, submission__in=cases)
        .values_list("submission__slug", flat=True)
        .first()
    )


def web_contacts(case) -> dict[str, list[Person]]:
    """Per side, the contact people who consented to being shown on the web (from the
    prefetched people and consents). The submitter-only person is never among them."""
    shown = {Person.Side.MUNICIPALITY: [], Person.Side.ENTERPRISE: []}
    for person in case.people.all():
        if person.side in shown and person.may_show_contact(ConsentPurpose.WEB):
            shown[person.side].append(person)
    return shown


def theme_neighbours(case) -> tuple[Submission | None, Submission | None]:
    """The cases published just before and just after this one in its main theme."""
    if not (case.is_public and case.main_theme_id):
        return None, None
    same_theme = (
        published_cases()
        .filter(main_theme_id=case.main_theme_id)
        .exclude(pk=case.pk)
        .only("title", "slug", "published_at")
    )
    earlier = Q(published_at__lt=case.published_at) | Q(
        published_at=case.published_at, pk__lt=case.pk
    )
    before = same_theme.filter(earlier).order_by("-published_at", "-pk").first()
    after = same_theme.exclude(earlier).order_by("published_at", "pk").first()
    return before, after


def themes_of(case) -> list[Theme]:
    """The main theme first, then the further ones (from the prefetched themes)."""
    further = [theme for theme in case.themes.all() if theme.pk != case.main_theme_id]
    return [case.main_theme, *further] if case.main_theme else further
