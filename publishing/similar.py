"""The "similar examples" a case page shows: other published cases sharing its themes and its
form of collaboration, and on PostgreSQL also the words of its title.

One query, however many cases there are; the case page is cached whole, so it runs once per
publication generation for each case.
"""

from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from publishing.pg_search import WrittenQuery, parse_words
from publishing.words import words_of
from submissions.models import Submission

SIMILAR_LIMIT = 3
# Words of the title used to find texts alike (PostgreSQL), at most this many.
TITLE_WORDS = 8
SubmissionThemes = Submission.themes.through


def similar_cases(case, theme_ids: list[int], *, limit: int = SIMILAR_LIMIT) -> list[Submission]:
    """Up to `limit` other published cases, most alike first: each theme in common counts
    two and the same form of collaboration one (a theme says more about what a case is about);
    then, on PostgreSQL, how well their texts match the words of this case's title; then the
    newest. `theme_ids`: this case's themes."""
    score = 2 * _shared_themes(theme_ids) + _same_form(case.collaboration_form)
    cases = (
        Submission.objects.published()
        .exclude(pk=case.pk)
        .annotate(score=score)
        .select_related("main_theme")
        .only("title", "slug", "summary", "published_at", "main_theme")
    )
    alike = Q(score__gt=0)
    order = ["-score", "-published_at", "-pk"]
    words = [word for word in words_of(case.title) if len(word) >= 3][:TITLE_WORDS]
    if connection.vendor == "postgresql" and words:
        # Any of the words, by their search forms, as a search finds them.
        query = WrittenQuery(parse_words(words))
        cases = cases.annotate(text_rank=SearchRank(F("search_document__vector"), query))
        alike |= Q(search_document__vector=query)
        order.insert(1, "-text_rank")
    return list(cases.filter(alike).order_by(*order)[:limit])


def _shared_themes(theme_ids: list[int]):
    """How many of `theme_ids` a case has, as main theme or further theme (counted once)."""
    if not theme_ids:
        return Value(0, output_field=IntegerField())
    further = (
        SubmissionThemes.objects.filter(submission_id=OuterRef("pk"), theme_id__in=theme_ids)
        .exclude(theme_id=OuterRef("main_theme_id"))
        .order_by()
        .values("submission_id")
        .annotate(count=Count("theme_id"))
        .values("count")
    )
    main = Case(When(main_theme_id__in=theme_ids, then=Value(1)), default=Value(0))
    return Coalesce(Subquery(further, output_field=IntegerField()), Value(0)) + main


def _same_form(form: str):
    if not form:
        return Value(0, output_field=IntegerField())
    return Case(
        When(collaboration_form=form, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
