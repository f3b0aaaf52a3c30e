"""The admin in the editor's language (editorial/middleware.py): the admin has no language prefix,
so without the middleware LocaleMiddleware gave it Bokmål whatever the editor chose; the
translations of what Django's own nb and nn catalogues lack; labels of fields without a verbose
name."""

import pytest
from django.conf import settings

from participation.models import Moderation
from tests.factories import make_input

pytestmark = pytest.mark.django_db


def lang(response) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_the_admin_follows_the_browser_and_then_the_editors_choice(editor_client):
    assert lang(editor_client.get("/admin/")) == "nb"  # no preference: Bokmål
    assert lang(editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")) == "en"
    assert lang(editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="de-DE")) == "nb"
    response = editor_client.post("/admin/sprak/", {"language": "nn", "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"
    page = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")
    assert lang(page) == "nn"
    assert "Ventar på deg" in page.content.decode()


def test_the_choice_never_sends_the_editor_elsewhere(editor_client):
    response = editor_client.post(
        "/admin/sprak/", {"language": "en", "next": "https://evil.example/"}
    )
    assert not response["Location"].startswith("https://evil.example")


def test_the_public_site_keeps_its_addresses_languages(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "nb"
    assert lang(client.get("/nn/")) == "nn"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nb", ["Vis antall", "Etter status"]), ("nn", ["Vis tal", "Etter status"])],
)
def test_the_filters_of_the_review_list_in_norwegian(editor_client, language, expected):
    html = editor_client.get(
        "/admin/submissions/submission/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    for phrase in expected:
        assert phrase in html
    assert "Show counts" not in html


def test_the_django_admin_scripts_speak_norwegian(editor_client):
    catalog = editor_client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "Velg %s ved \\u00e5 markere dem" in catalog or "Velg %s ved å markere dem" in catalog
    catalog = editor_client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert "s\\u00f8ndag" in catalog or "sundag" in catalog


def test_an_inputs_moderator_is_labelled_in_norwegian(editor_client, editor):
    reader_input = make_input("Ola", status=Moderation.APPROVED, moderated_by=editor)
    html = editor_client.get(
        f"/admin/participation/input/{reader_input.pk}/change/", HTTP_ACCEPT_LANGUAGE="nb"
    ).content.decode()
    assert "Moderert av" in html
    assert "Moderated by" not in html
