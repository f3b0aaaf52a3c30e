"""Search reads a document per case that follows every change readers can see
(publishing.services)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from common.announcements import announce_public_change
from publishing import selectors
from publishing.models import SearchDocument
from publishing.services import refresh_stale_search_documents
from submissions.models import Submission
from submissions.workflow import State, transition
from tests.factories import make_case, make_editor, unpublish

pytestmark = pytest.mark.django_db

DRAFTS = [State.PITCH_RECEIVED, State.IN_REVIEW, State.APPROVED, State.REJECTED]


def search_page(client, words) -> str:
    return client.get("/en/eksempler/", {"q": words}).content.decode()


def test_publication_builds_the_document_from_every_text_field(call):
    case = make_case(
        call,
        title="Kafé Å",
        summary="Pitch",
        answer="Svar",
        municipalities=("1508",),
        enterprise="Grønn AS",
    )
    text = SearchDocument.objects.get(submission=case).text
    written, forms = text.split("\n")
    # The form of collaboration (pilot) in Bokmål and English; the Nynorsk name is the same.
    assert written.startswith(
        "kafé å pitch grønn as ålesund møre og romsdal pilotavtale pilot agreement svar"
    )
    assert forms.startswith(
        "kafé å pitch grønn as ålesund mør og romsdal pilotavtal pilot agreement svar"
    )


def test_an_edit_announced_by_the_editors_is_found_at_once(
    client, call, django_capture_on_commit_callbacks
):
    case = make_case(call, title="Gammel tittel")
    assert "Gammel tittel" in search_page(client, "gammel")
    Submission.objects.filter(pk=case.pk).update(title="Ny overskrift")
    with django_capture_on_commit_callbacks(execute=True):
        announce_public_change(case)
    assert "Ny overskrift" in search_page(client, "overskrift")
    assert "Ny overskrift" not in search_page(client, "gammel")


def test_refresh_search_rebuilds_every_published_document(call, capsys):
    make_case(call, title="Første")
    make_case(call, title="Andre")
    SearchDocument.objects.all().delete()
    call_command("refresh_search")
    assert capsys.readouterr().out == "2 search document(s) rebuilt.\n"
    assert sorted(SearchDocument.objects.values_list("text", flat=True))[0].startswith("andre")


def found_by_the_search_on_postgresql(words) -> set[int]:
    """What a search reads on PostgreSQL: the published cases' documents alone."""
    documents = selectors.search_published_documents(words)
    return set(documents.values_list("submission_id", flat=True))


def published_at_of(case):
    return SearchDocument.objects.get(submission=case).published_at


@pytest.mark.parametrize("target", [State.APPROVED, State.CHANGES_REQUESTED, State.WITHDRAWN])
def test_a_case_taken_down_is_found_by_no_search(
    client, call, target, django_capture_on_commit_callbacks
):
    case = make_case(call, title="Sykkelverksted")
    assert published_at_of(case) == Submission.objects.get(pk=case.pk).published_at
    if connection.vendor == "postgresql":
        assert found_by_the_search_on_postgresql("sykkelverksted") == {case.pk}
    with django_capture_on_commit_callbacks(execute=True):
        transition(case, target, by=make_editor(), comment="Tatt ned.")
    # The document says so in the transaction that took the case down.
    assert published_at_of(case) is None
    assert "Sykkelverksted" not in search_page(client, "sykkelverksted")
    if connection.vendor == "postgresql":
        assert found_by_the_search_on_postgresql("sykkelverksted") == set()


def test_a_case_published_again_is_found_in_its_first_place_in_time(
    client, call, django_capture_on_commit_callbacks
):
    case = make_case(call, title="Sykkelverksted")
    first = Submission.objects.get(pk=case.pk).published_at
    with django_capture_on_commit_callbacks(execute=True):
        unpublish(case)
        transition(case, State.PUBLISHED, by=make_editor())
    assert published_at_of(case) == first
    assert "Sykkelverksted" in search_page(client, "sykkelverksted")


def test_cases_never_published_have_no_published_document(client, call):
    drafts = [make_case(call, state=state, title="Sykkelverksted") for state in DRAFTS]
    assert not SearchDocument.objects.filter(submission__in=drafts).exclude(published_at=None)
    assert "Sykkelverksted" not in search_page(client, "sykkelverksted")
    if connection.vendor == "postgresql":
        assert found_by_the_search_on_postgresql("sykkelverksted") == set()


def test_migrating_mends_documents_that_disagree_with_their_case(call):
    published = make_case(call, title="Sykkelverksted")
    taken_down = unpublish(make_case(call, title="Sykkelkafé"))
    SearchDocument.objects.filter(submission=published).update(published_at=None)
    SearchDocument.objects.filter(submission=taken_down).update(published_at=timezone.now())
    assert refresh_stale_search_documents() == 1
    assert published_at_of(published) == Submission.objects.get(pk=published.pk).published_at
    assert published_at_of(taken_down) is None
    assert refresh_stale_search_documents() == 0
