"""What the publishing side writes: the search documents, kept current as cases change."""

from django.db import connection
from django.db.models import Prefetch, Q
from django.utils import translation

from publishing.models import SearchDocument
from publishing.pg_search import RANK_WEIGHTS, vector_literal
from publishing.words import search_form, words_of
from submissions.models import Municipality, Submission

# Documents are some 10 KB each (30 with the vectors): a statement of all 10,000 would be large.
DOCUMENTS_PER_INSERT = 500


def refresh_search_documents(cases) -> int:
    """Rebuild the search document of each case in the queryset `cases`.

    In order: gathers each case's texts by ranking weight (prefetched for all the cases),
    saves them in lower case followed by their search forms (publishing.words: how SQLite finds
    other forms of a word), and on PostgreSQL saves the same search forms as a weighted vector
    and, for ranking, a small one of the title, pitch and names only (publishing.pg_search).
    Returns how many documents were rebuilt.
    """
    cases = cases.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.select_related("county")),
        "enterprises",
        "answers",
        "themes",
        "main_theme",
    )
    vectors = connection.vendor == "postgresql"
    documents = [_document(case, vectors=vectors) for case in cases]
    SearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["submission"],
        update_fields=["text", "published_at", *(["vector", "rank_vector"] if vectors else [])],
        batch_size=DOCUMENTS_PER_INSERT,
    )
    return len(documents)


def _document(case, *, vectors: bool) -> SearchDocument:
    weighted = _weighted_texts(case)
    text = _document_text(" ".join(weighted.values()))
    published_at = case.published_at if case.is_public else None
    document = SearchDocument(submission_id=case.pk, text=text, published_at=published_at)
    if vectors:
        # Literals the database casts to tsvector on the way in.
        document.vector = vector_literal(weighted)
        document.rank_vector = vector_literal(weighted, weights=RANK_WEIGHTS)
    return document


def refresh_stale_search_documents(*, apps=None, **_signal_kwargs) -> int:
    """Receiver of `post_migrate`: rebuild the documents of the published cases that lack what
    a search reads (their publication date, none before migration publishing.0005; on
    PostgreSQL their ranking vector, none before 0004, which also emptied the vectors of
    PostgreSQL's Norwegian stems), and clear the date of any document whose case is not
    published, so an upgrade needs no command and a search never finds such a case. `apps`:
    the migrated state (migrated back before those fields, there is nothing to fill)."""
    if not _has_fields(apps, "rank_vector", "published_at"):
        return 0
    stale = Q(search_document__published_at__isnull=True)
    if connection.vendor == "postgresql":
        stale |= Q(search_document__rank_vector__isnull=True)
    SearchDocument.objects.exclude(published_at=None).exclude(
        submission__state=Submission.State.PUBLISHED
    ).update(published_at=None)
    return refresh_search_documents(Submission.objects.published().filter(stale))


def _has_fields(apps, *names: str) -> bool:
    if apps is None:
        return True
    try:
        fields = apps.get_model("publishing", "SearchDocument")._meta.get_fields()
    except LookupError:  # migrated back before the search documents
        return False
    return set(names) <= {field.name for field in fields}


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
