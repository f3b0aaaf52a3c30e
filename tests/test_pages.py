"""Site-wide page rules: languages, landmarks, error pages, demo data."""

import pytest
from django.core.management import call_command

from submissions.models import Call, Submission

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("prefix", "lang"), [("", "nb"), ("/nn", "nn"), ("/en", "en")])
def test_every_page_declares_its_language(client, call, clock, prefix, lang):
    for path in ("/", "/send-inn/", "/send-inn/ny-lenke/", "/personvern/"):
        html = client.get(prefix + path).content.decode()
        assert f'<html lang="{lang}">' in html, path


def test_language_switcher_links_to_the_same_page_in_each_language(client, call, clock):
    html = client.get("/send-inn/").content.decode()
    # Each language named in itself; the current one marked for screen readers too.
    assert '<a href="/nn/send-inn/" lang="nn" hreflang="nn">Nynorsk</a>' in html
    assert '<a href="/en/send-inn/" lang="en" hreflang="en">English</a>' in html
    assert '<a href="/send-inn/" lang="nb" hreflang="nb" aria-current="true">Bokmål</a>' in html
    assert html.count('aria-current="true"') == 1


def test_public_pages_load_designsystemet_and_no_bootstrap(client, call, clock):
    for path in ("/", "/eksempler/", "/send-inn/", "/en/send-inn/ny-lenke/", "/nn/personvern/"):
        html = client.get(path).content.decode()
        assert '/static/vendor/designsystemet/css/index.css"' in html, path
        assert '/static/vendor/designsystemet/web/index.js"' in html, path
        assert "bootstrap" not in html.lower(), path


def test_base_layout_has_landmarks_and_a_skip_link(client, call, clock):
    html = client.get("/").content.decode()
    assert 'href="#main-content"' in html
    assert '<main id="main-content"' in html
    assert "<header" in html
    assert "<footer" in html
    assert "cdn" not in html.lower()


def test_unknown_page_is_a_friendly_404_in_the_users_language(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_pitch_page_without_any_call_says_there_is_none(client, db):
    response = client.get("/en/send-inn/")
    assert response.status_code == 200
    assert "There is no call for examples" in response.content.decode()


def test_seed_demo_is_idempotent_and_fills_every_state(db):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Call.objects.count() == 1
    assert Submission.objects.count() == 12
    assert set(Submission.objects.values_list("state", flat=True)) == set(Submission.State.values)
    assert Call.objects.get().pitch_is_open()


def test_a_post_without_csrf_token_is_refused_with_a_readable_page(call, clock):
    from django.test import Client

    from tests.factories import pitch_post_data

    response = Client(enforce_csrf_checks=True).post("/en/send-inn/", pitch_post_data())
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("prefix", ["", "/nn", "/en"])
def test_every_footer_links_to_the_accessibility_statement(client, call, clock, prefix):
    for path in ("/", "/send-inn/", "/verktoy/", "/innspill/", "/personvern/"):
        html = client.get(prefix + path).content.decode()
        assert f'href="{prefix}/tilgjengelighet/"' in html, path
    statement = client.get(prefix + "/tilgjengelighet/")
    assert statement.status_code == 200
    assert "WCAG" in statement.content.decode()
