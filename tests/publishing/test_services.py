"""Search reads a document per case that follows every change readers can see
(publishing.services)."""

import pytest
from django.core.management import call_command

from common.announcements import announce_public_change
from publishing.models import SearchDocument
from submissions.models import Submission
from tests.factories import make_case

pytestmark = pytest.mark.django_db


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
