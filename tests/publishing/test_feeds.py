"""Feeds, sitemap and robots.txt: well-formed, and only about published cases."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

import publisher
from submissions.workflow import State
from tests.factories import OSLO, make_case, make_theme

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
DAY = dt.datetime(2026, 10, 1, 12, 0, tzinfo=OSLO)


def parse(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 (our own response, in a test)


@pytest.fixture
def two_cases(call):
    theme = make_theme(name="Integrering", name_en="Integration")
    make_case(call, state=State.APPROVED, title="Ikke publisert")
    older = make_case(call, title="Eldre <sak> & co", main_theme=theme, published_at=DAY)
    newer = make_case(
        call, title="Nyere sak", summary="Med *uthevet* tekst.", published_at=DAY.replace(day=2)
    )
    return older, newer


def test_atom_feed_is_well_formed_and_lists_published_cases_newest_first(client, two_cases):
    older, newer = two_cases
    response = client.get("/en/feed/")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = parse(response)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Nyere sak",
        "Eldre &lt;sak&gt; &amp; co",  # escaped once more: readers show titles as HTML
    ]
    assert [entry.findtext(f"{ATOM}id") for entry in entries] == [
        f"urn:uuid:{newer.public_id}",
        f"urn:uuid:{older.public_id}",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == "http://127.0.0.1:8000/en/eksempler/nyere-sak/"
    assert first.findtext(f"{ATOM}summary") == "<p>Med <em>uthevet</em> tekst.</p>\n"
    assert first.findtext(f"{ATOM}published") == "2026-10-02T10:00:00+00:00"
    assert [c.get("term") for c in entries[1].findall(f"{ATOM}category")] == ["Integration"]
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_rss_feed_is_well_formed(client, two_cases):
    response = client.get("/feed/rss/")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = parse(response).find("channel")
    assert channel.findtext("language") == "nb"
    assert [item.findtext("title") for item in channel.findall("item")] == [
        "Nyere sak",
        "Eldre &lt;sak&gt; &amp; co",
    ]
    assert channel.find("item").findtext("link") == "http://127.0.0.1:8000/eksempler/nyere-sak/"


def test_feeds_have_the_elements_their_standards_require(client, two_cases):
    """RFC 4287 (Atom) 4.1.1-4.1.2 and RSS 2.0's required channel and item elements."""
    atom = parse(client.get("/feed/"))
    for element in ("id", "title", "updated"):
        assert atom.findtext(f"{ATOM}{element}"), element
    assert atom.findtext(f"{ATOM}author/{ATOM}name") == publisher.current().name
    for entry in atom.findall(f"{ATOM}entry"):
        assert [bool(entry.findtext(f"{ATOM}{e}")) for e in ("id", "title", "updated")] == [
            True,
            True,
            True,
        ]
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    channel = parse(client.get("/feed/rss/")).find("channel")
    assert all(channel.findtext(element) for element in ("title", "link", "description"))
    assert all(item.findtext("title") for item in channel.findall("item"))


def test_empty_feed_is_still_valid(client, db):
    feed = parse(client.get("/en/feed/"))
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.findtext(f"{ATOM}title") == "Veier til nye samarbeid: new examples"


def test_sitemap_lists_every_public_page_in_each_language_with_alternates(client, two_cases):
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    urls = parse(response).findall(f"{SITEMAP}url")
    locations = [url.findtext(f"{SITEMAP}loc") for url in urls]
    base = "http://127.0.0.1:8000"
    expected_paths = ["/", "/eksempler/", "/tema/", "/oppskrifter/", "/tema/integrering/"]
    expected_paths += ["/eksempler/eldre-sak-co/", "/eksempler/nyere-sak/"]
    assert sorted(locations) == sorted(
        f"{base}{prefix}{path[1:]}" for path in expected_paths for prefix in ("/", "/nn/", "/en/")
    )
    case_url = next(url for url in urls if url.findtext(f"{SITEMAP}loc").endswith("/nyere-sak/"))
    assert case_url.findtext(f"{SITEMAP}lastmod")
    alternates = {link.get("hreflang"): link.get("href") for link in case_url.iter(f"{XHTML}link")}
    assert alternates == {
        "nb": f"{base}/eksempler/nyere-sak/",
        "nn": f"{base}/nn/eksempler/nyere-sak/",
        "en": f"{base}/en/eksempler/nyere-sak/",
        "x-default": f"{base}/eksempler/nyere-sak/",
    }


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_off_private_addresses(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /samtykke/" in lines
    assert "Disallow: /en/send-inn/lenke/" in lines
    assert "Disallow: /nn/eksempler/forhandsvisning/" in lines
    assert "Disallow: /eksempler/" not in lines
    assert lines[-1] == "Sitemap: http://127.0.0.1:8000/sitemap.xml"


def test_pages_name_their_canonical_address_and_opengraph_data(client, two_cases):
    html = client.get("/en/eksempler/nyere-sak/").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/en/eksempler/nyere-sak/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Nyere sak">' in html
    assert '<meta property="og:description" content="Med *uthevet* tekst.">' in html
    assert '<meta property="og:locale" content="en">' in html
    list_page = client.get("/en/eksempler/?theme=integrering&page=1").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/en/eksempler/">' in list_page


def test_every_page_links_the_print_stylesheet_and_the_feed(client, db):
    html = client.get("/en/eksempler/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    assert 'type="application/atom+xml"' in html
    assert 'href="/en/feed/"' in html
