"""Only published cases reach readers; editors preview the others; nothing editorial leaks."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from submissions import services
from submissions.models import Consent, Person
from submissions.workflow import State
from tests.factories import make_case, make_theme, unpublish

pytestmark = pytest.mark.django_db

PREVIEW_BANNER = "Preview \N{EN DASH} not published."
PUBLIC_PAGES = [
    "/en/",
    "/en/eksempler/",
    "/en/eksempler/?q=Sak",
    "/en/eksempler/?theme=integrering",
    "/en/eksempler/?county=03",
    "/en/eksempler/?municipality=0301",
    "/en/eksempler/?enterprise=Gr%C3%B8nn",
    "/en/eksempler/?form=pilot",
    "/en/tema/integrering/",
    "/en/feed/",
    "/en/feed/rss/",
]


@pytest.fixture
def every_state(call):
    """A case in each state, titled after it, and one taken down again after publication."""
    theme = make_theme()
    cases = {
        state: make_case(call, state=state, title=f"Sak {state}", main_theme=theme)
        for state in State.values
    }
    cases["unpublished"] = unpublish(make_case(call, title="Sak unpublished", main_theme=theme))
    return cases


def test_public_pages_show_the_published_case_and_no_other(client, every_state):
    hidden = [case.title for key, case in every_state.items() if key != State.PUBLISHED]
    for address in PUBLIC_PAGES:
        html = client.get(address).content.decode()
        assert "Sak published" in html, address
        assert [title for title in hidden if title in html] == [], address


def test_sitemap_lists_only_the_published_case(client, every_state):
    xml = client.get("/sitemap.xml").content.decode()
    case_addresses = {
        loc for loc in re.findall(r"<loc>([^<]*)</loc>", xml) if "/eksempler/s" in loc
    }
    assert case_addresses == {
        "http://127.0.0.1:8000/eksempler/sak-published/",
        "http://127.0.0.1:8000/nn/eksempler/sak-published/",
        "http://127.0.0.1:8000/en/eksempler/sak-published/",
    }
    assert "sak-unpublished" not in xml


@pytest.mark.parametrize("key", ["unpublished", State.APPROVED, State.REJECTED, State.WITHDRAWN])
def test_a_case_that_is_not_published_is_404_for_anonymous_and_non_editors(
    client, every_state, key
):
    case = every_state[key]
    address = f"/en/eksempler/forhandsvisning/{case.public_id}/"
    assert client.get(address).status_code == 404
    user = get_user_model().objects.create_user("leser", password="pw")
    client.force_login(user)
    assert client.get(address).status_code == 404
    user.is_staff = True  # staff without permission to view submissions
    user.save()
    assert client.get(address).status_code == 404


def test_a_taken_down_case_is_404_at_its_address_for_readers(client, every_state):
    assert client.get("/en/eksempler/sak-unpublished/").status_code == 404


def test_editor_gets_a_marked_uncached_preview_at_the_same_address(editor_client, every_state):
    response = editor_client.get("/en/eksempler/sak-unpublished/")
    assert response.status_code == 200
    html = response.content.decode()
    assert PREVIEW_BANNER in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical"' not in html


@pytest.mark.parametrize("key", [State.PITCH_RECEIVED, State.IN_REVIEW, State.REJECTED])
def test_editor_previews_a_never_published_case_by_its_id(editor_client, every_state, key):
    case = every_state[key]
    response = editor_client.get(f"/en/eksempler/forhandsvisning/{case.public_id}/")
    assert response.status_code == 200
    assert PREVIEW_BANNER in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_published_case_has_no_preview_banner_for_anyone(editor_client, every_state):
    for reader in (Client(), editor_client):
        html = reader.get("/en/eksempler/sak-published/").content.decode()
        assert "Preview" not in html


def test_case_page_shows_title_pitch_questions_answers_place_party_and_themes(client, call):
    theme = make_theme(name="Integrering", name_en="Integration")
    further = make_theme(slug="arbeid", name="Arbeid", name_en="Work")
    make_case(
        call,
        title="Kafé for alle",
        summary="Kommunen og *Grønn Start* driver en kafé.",
        answer="Vi startet i **2024**.",
        main_theme=theme,
        themes=[further],
    )
    html = client.get("/en/eksempler/kafe-for-alle/").content.decode()
    assert '<h1 id="case-title" lang="nb">Kafé for alle</h1>' in html
    assert "<p>Kommunen og <em>Grønn Start</em> driver en kafé.</p>" in html
    assert "What was the idea, need or problem?</h2>" in html
    assert html.count("<p>Vi startet i <strong>2024</strong>.</p>") == 6
    assert "<li>Oslo (Oslo)</li>" in html
    assert "Grønn Start AS (org. no. 974 760 673)" in html
    assert '<a href="/en/tema/integrering/">Integration</a>' in html
    assert '<a href="/en/tema/arbeid/">Work</a>' in html
    assert "<time datetime=" in html


def test_contact_details_are_shown_exactly_per_web_consent(
    client, call, django_capture_on_commit_callbacks
):
    case = make_case(call, title="Samtykke")
    municipality_contact = case.people.get(side=Person.Side.MUNICIPALITY)

    def page():
        return client.get("/en/eksempler/samtykke/").content.decode()

    # The enterprise contact (the submitter) consented to everything in the pitch form; the
    # municipality contact has not answered yet.
    assert "enterprise@example.no" not in page()  # the submitter address is sub@example.no
    assert "sub@example.no" in page()
    assert "Municipality Kontakt" not in page()
    services.answer_invitation(
        municipality_contact,
        participates=True,
        consents={"web": False, "book": True, "contact": True},
        language="nb",
    )
    assert "Municipality Kontakt" not in page()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_consents(
            municipality_contact, {"web": True}, source=Consent.Source.CONSENT_LINK
        )
    assert "Municipality Kontakt" in page()
    assert "municipality@example.no" in page()
    assert 'href="tel:+4722249090"' in page()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_invitation(
            municipality_contact, participates=False, consents={}, language="nb"
        )
    assert "Municipality Kontakt" not in page()
    assert "municipality@example.no" not in page()


def test_submitter_only_person_and_editorial_data_never_appear(client, call):
    case = make_case(call, title="Lekkasje")
    submitter = Person.objects.create(
        submission=case,
        side=Person.Side.SUBMITTER,
        name="Sara Innsender",
        email="sara.innsender@example.no",
        participation=Person.Participation.CONFIRMED,
    )
    services.record_consents(
        submitter, {"web": True, "book": True}, source=Consent.Source.SUBMISSION_LINK
    )
    case.attachment.save("hemmelig-vedlegg.pdf", ContentFile(b"%PDF-1.4"))
    case.state_changes.update(comment="Intern kommentar fra redaksjonen")
    for address in ("/en/eksempler/lekkasje/", "/en/eksempler/", "/en/feed/", "/sitemap.xml"):
        html = client.get(address).content.decode()
        for secret in (
            "Sara Innsender",
            "sara.innsender@example.no",
            "hemmelig-vedlegg",
            "attachments/",
            "Intern kommentar",
        ):
            assert secret not in html, (address, secret)


def _jpeg() -> ContentFile:
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(output, format="JPEG")
    return ContentFile(output.getvalue())


def test_photo_of_a_published_case_is_served_with_alt_text_and_a_long_cache(client, call):
    case = make_case(call, title="Bilde", photo_alt="Fire personer ved et kafébord")
    case.photo.save("foto.jpg", _jpeg())
    html = client.get("/en/eksempler/bilde/").content.decode()
    address = f"/en/eksempler/bilde/{case.public_id}/foto.jpg"
    assert f'<img src="{address}" alt="Fire personer ved et kafébord">' in html
    assert f'<meta property="og:image" content="http://127.0.0.1:8000{address}">' in html
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(f"/en/eksempler/bilde/{case.public_id}/annet.jpg").status_code == 404


def test_photo_of_an_unpublished_case_is_404_except_for_editors(editor_client, call):
    case = make_case(call, state=State.APPROVED)
    case.photo.save("foto.jpg", _jpeg())
    address = f"/en/eksempler/bilde/{case.public_id}/foto.jpg"
    assert Client().get(address).status_code == 404
    response = editor_client.get(address)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_uploaded_files_have_no_public_address(client, call):
    case = make_case(call)
    case.photo.save("foto.jpg", _jpeg())
    case.attachment.save("vedlegg.pdf", ContentFile(b"%PDF-1.4"))
    assert client.get(f"/media/{case.photo.name}").status_code == 404
    assert client.get(f"/media/{case.attachment.name}").status_code == 404
