"""Pages that echo the request: no link is built from the request's own path or Host, and what
the page cache stores does not depend on the Host or scheme of the first request that filled
it."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from publishing.cache import _page_key
from tests.factories import make_case, make_theme

pytestmark = pytest.mark.django_db

EVIL = "evil.example"


@pytest.fixture
def site(call, settings):
    settings.ALLOWED_HOSTS = [EVIL, "testserver"]
    theme = make_theme(slug="integrering")
    make_case(call, title="Kafé", slug="kafe", main_theme=theme, themes=[theme])
    cache.clear()
    return settings


PAGES = (
    "/",
    "/en/",
    "/eksempler/",
    "/en/eksempler/?q=kaf%C3%A9",
    "/eksempler/kafe/",
    "/tema/",
    "/tema/integrering/",
    "/feed/",
    "/en/feed/rss/",
    "/sitemap.xml",
    "/robots.txt",
    "/finnes-ikke/",
)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_first_asked_for_on_another_host_is_served_on_ours(client, site, path):
    first = client.get(path, HTTP_HOST=EVIL, secure=True)
    assert first.status_code == (404 if "finnes-ikke" in path else 200), path
    assert EVIL not in first.content.decode(), path

    again = client.get(path).content.decode()
    assert EVIL not in again, path
    # SITE_URL says http: no https address the first request's scheme could have left.
    assert site.SITE_URL.startswith("http://")
    assert "https://" + "127.0.0.1" not in again
    if "://" in again:
        assert site.SITE_URL in again, path


def test_the_language_switcher_of_a_protocol_relative_address_stays_on_the_site(client, site):
    # `//evil.example/` as the path: a link built from it would lead to another site.
    html = client.get("/", PATH_INFO=f"//{EVIL}/").content.decode()
    assert EVIL not in html
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in html


def test_the_404_page_links_each_language_to_its_front_page(client, site):
    html = client.get("/en/finnes-ikke/<b>hei</b>/").content.decode()
    assert "finnes-ikke" not in html
    assert '<a href="/nn/" lang="nn" hreflang="nn">Nynorsk</a>' in html
    assert '<a href="/" lang="nb" hreflang="nb">Bokmål</a>' in html


def test_a_missing_case_does_not_echo_its_address(client, site):
    response = client.get("/eksempler/ukjent-sak-fra-lenke/")
    assert response.status_code == 404
    assert "ukjent-sak-fra-lenke" not in response.content.decode()


def test_the_switcher_carries_a_short_query_over_and_drops_a_huge_one(client, site):
    short = client.get("/eksempler/?q=kaf%C3%A9").content.decode()
    assert 'href="/en/eksempler/?q=kaf%C3%A9"' in short
    huge = client.get("/eksempler/?q=" + "x" * 5000).content.decode()
    assert 'href="/en/eksempler/"' in huge
    assert "x" * 600 not in huge.split("kb-languages")[1].split("</nav>")[0]


def test_the_cache_keeps_a_page_filled_through_another_host_to_that_host(site):
    # Should a template ever echo the Host or scheme, the page it made reaches nobody else.
    asked = RequestFactory()
    ours = _page_key(asked.get("/"), "")
    assert _page_key(asked.get("/", HTTP_HOST=EVIL), "") != ours
    assert _page_key(asked.get("/", secure=True), "") != ours
    assert _page_key(asked.get("/"), "") == ours
