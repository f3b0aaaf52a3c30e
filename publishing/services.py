"""What the publishing side writes: the search documents, kept current as cases change."""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Prefetch, Value
from django.utils import translation

from publishing.models import SearchDocument
from publishing.words import search_form, words_of
from submissions.models import Municipality, Submission

SEARCH_CONFIG = "norwegian"


def refresh_search_documents(cases) -> int:
    """Rebuild the search document of each case in the queryset `cases`.

    In order: gathers each case's texts by ranking weight (prefetched for all the cases),
    saves them in lower case followed by their search forms (publishing.words: how SQLite finds
    other forms of a word), and on PostgreSQL saves them as a weighted Norwegian text-search
    vector. Returns how many documents were rebuilt.
    """
    cases = cases.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.select_related("county")),
        "enterprises",
        "answers",
        "themes",
        "main_theme",
    )
    texts = {case.pk: _weighted_texts(case) for case in cases}
    SearchDocument.objects.bulk_create(
        [
            SearchDocument(submission_id=pk, text=_document_text(" ".join(weighted.values())))
            for pk, weighted in texts.items()
        ],
        update_conflicts=True,
        unique_fields=["submission"],
        update_fields=["text"],
    )
    if connection.vendor == "postgresql":
        for pk, weighted in texts.items():
            SearchDocument.objects.filter(pk=pk).update(vector=_vector(weighted))
    return len(texts)


def refresh_search_document(*, submission, **_signal_kwargs):
    """Receiver of `common.announcements.public_case_changed`, inside the transaction that
    changed the case: its texts may have changed. Search finds what readers see: the published
    text while the editors' edits wait for approval."""
    refresh_search_documents(Submission.objects.filter(pk=submission.pk).readers_text())


def refresh_theme_search_documents(case_ids) -> int:
    """Rebuild the documents of the published cases among `case_ids`: after a theme's names
    changed or the theme was deleted, since the documents hold the names of the themes."""
    return refresh_search_documents(Submission.objects.published().filter(pk__in=case_ids))


def cases_of_themes(themes) -> list[int]:
    """The ids of the cases that have one of the themes in the queryset `themes`, as main or
    further theme."""
    main = Submission.objects.filter(main_theme__in=themes).values_list("pk", flat=True)
    further = Submission.themes.through.objects.filter(theme__in=themes).values_list(
        "submission_id", flat=True
    )
    return sorted(set(main) | set(further))


def _document_text(text: str) -> str:
    """Each word of the texts once, as written (in lower case) for words typed in part, then
    each search form once. A word searched for never spans two words, so it is found in this
    as in the whole text, which is several times longer for SQLite to scan on every search."""
    words = dict.fromkeys(words_of(text))
    forms = dict.fromkeys(search_form(word) for word in words)
    return f"{' '.join(words)}\n{' '.join(forms)}"


def _weighted_texts(case) -> dict[str, str]:
    """Title first, then the pitch, the parties' names, the themes and the form of
    collaboration (in every language they have), then the answers."""
    places = [f"{place.name} {place.county.name}" for place in case.municipalities.all()]
    names = [enterprise.name for enterprise in case.enterprises.all()]
    return {
        "A": case.title,
        "B": " ".join([case.summary, *names, *places, *_labels(case)]),
        "C": " ".join(answer.text for answer in case.answers.all()),
    }


def _labels(case) -> list[str]:
    """The names of the case's themes and its form of collaboration in nb, nn and en, so that
    "integrering" and "integration" both find a case of the theme Integrering."""
    themes = {theme.pk: theme for theme in case.themes.all()}
    if case.main_theme:
        themes[case.main_theme.pk] = case.main_theme
    labels = [name for t in themes.values() for name in (t.name, t.name_nn, t.name_en) if name]
    if case.collaboration_form:
        for language in ("nb", "nn", "en"):
            with translation.override(language):
                labels.append(str(case.collaboration_form_display))
    # Repeated words would weigh a case higher on PostgreSQL for nothing.
    return list(dict.fromkeys(labels))


def _vector(weighted: dict[str, str]) -> SearchVector:
    return reduce(
        operator.add,
        (
            SearchVector(Value(text), weight=weight, config=SEARCH_CONFIG)
            for weight, text in weighted.items()
        ),
    )
