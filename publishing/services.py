"""What the publishing side writes: the search documents, kept current as cases change."""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Prefetch, Value

from publishing.models import SearchDocument
from submissions.models import Municipality, Submission

SEARCH_CONFIG = "norwegian"


def refresh_search_documents(cases) -> int:
    """Rebuild the search document of each case in the queryset `cases`.

    In order: gathers each case's texts by ranking weight (two prefetches for all the cases),
    saves them in lower case, and on PostgreSQL saves them as a weighted Norwegian text-search
    vector. Returns how many documents were rebuilt.
    """
    cases = cases.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.select_related("county")),
        "enterprises",
        "answers",
    )
    texts = {case.pk: _weighted_texts(case) for case in cases}
    SearchDocument.objects.bulk_create(
        [
            SearchDocument(submission_id=pk, text=" ".join(weighted.values()).lower())
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


def _weighted_texts(case) -> dict[str, str]:
    """Title first, then the pitch and the parties' names, then the answers."""
    places = [f"{place.name} {place.county.name}" for place in case.municipalities.all()]
    names = [enterprise.name for enterprise in case.enterprises.all()]
    return {
        "A": case.title,
        "B": " ".join([case.summary, *names, *places]),
        "C": " ".join(answer.text for answer in case.answers.all()),
    }


def _vector(weighted: dict[str, str]) -> SearchVector:
    return reduce(
        operator.add,
        (
            SearchVector(Value(text), weight=weight, config=SEARCH_CONFIG)
            for weight, text in weighted.items()
        ),
    )
