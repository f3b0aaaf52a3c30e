"""Hostile strings in published cases: no page, feed, admin page or the book shows live markup.

Every tag-like string of the Big List of Naughty Strings (tests/data/blns.json), and our own
below, is put into a few published cases: each string into a plain-text field (the title, a
social enterprise's name, a contact person's name or role, packed several to a field) and into
the Markdown ones (the pitch and the answers). An editor then copy-edits the title and an answer,
so the history shows word diffs of them too. An approved tool and an approved input carry them
as well. Then every reader's page, the feeds, the sitemap, the editors' pages and the book's
HTML are read for markup that would be live, and the book is rendered to check that its URL
fetcher was asked for nothing but the book's own stylesheet and fonts.
"""

import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.test import Client

from participation.models import Input, Moderation, Tool
from submissions import services
from submissions.models import Answer, Person, Submission
from tests.factories import make_case, make_editor, make_theme
from tests.hostile import BLNS
from tests.pdf import IN_CI, WEASYPRINT_PROBLEM

# Addresses on a closed local port: if anything ever fetched one, nothing would answer.
NOWHERE = "http://127.0.0.1:9"
OUR_STRINGS = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<!-- x --><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    f"<?xml-stylesheet href='{NOWHERE}/x.xsl'?>",
    f'<img src="{NOWHERE}/img.png">',
    '<img src="file:///etc/passwd">',
    f"<style>@import url({NOWHERE}/import.css); body {{ color: red }}</style>",
    f'<link rel="stylesheet" href="{NOWHERE}/link.css">',
    f'<div style="background-image: url({NOWHERE}/inline.png)">stil</div>',
    f'<iframe src="{NOWHERE}/frame"></iframe><object data="{NOWHERE}/object"></object>',
    f'<svg><image href="{NOWHERE}/svg.png"/></svg>',
    f'<base href="{NOWHERE}/">',
    f'<meta http-equiv="refresh" content="0;url={NOWHERE}/">',
    '<a href="javascript:alert(1)">klikk</a>',
    "<a href='file:///etc/passwd'>passord</a>",
    f"![bilde]({NOWHERE}/markdown.png) [klikk](javascript:alert(1))",
]
TAG_OPENING = re.compile(r"<[a-zA-Z!/?]")
STRINGS = [s for s in dict.fromkeys(BLNS + OUR_STRINGS) if TAG_OPENING.search(s)]

# Attributes that hold an address, and the schemes that run or read something there.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcset", "poster", "xlink:href"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


class LiveMarkupFinder(HTMLParser):
    """Collects what in a page would run a script or fetch an address, whatever string it came
    from: event handlers, scripts that are not this site's files, javascript:, data: and file:
    addresses, anything but a link that points at NOWHERE, <base> and <meta http-equiv>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.raw_text_tag = ""

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and not is_our_own(values.get("src", "")):
            self.found.append(f"<script {values}>")
        if tag == "base" or (tag == "meta" and "http-equiv" in values):
            self.found.append(f"<{tag} {values}>")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith(BAD_SCHEMES):
                self.found.append(f"<{tag} {name}={value[:40]!r}>")
            # Only a link may point at NOWHERE: anything else there would be fetched.
            fetched = name in URL_ATTRIBUTES or name == "style"
            if fetched and tag != "a" and NOWHERE in value:
                self.found.append(f"<{tag} {name}={value[:40]!r}>")
        self.raw_text_tag = tag if tag in ("script", "style") else ""

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.raw_text_tag = ""

    def handle_data(self, data):
        if self.raw_text_tag and NOWHERE in data:
            self.found.append(f"<{self.raw_text_tag}>{data[:40]!r}")


def is_our_own(src: str) -> bool:
    """A script file from this site (the static files, the admin's translations)."""
    return src.startswith("/") and not src.startswith("//")


def live_markup(html: str) -> list[str]:
    finder = LiveMarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.found


TITLE_PREFIX = "Sak {number}: "
SHORT_FIELD_CHARS = 180  # the plain-text fields hold 200; room for the prefix


def packed(strings: list[str], limit: int) -> list[str]:
    """The strings joined by spaces into as few texts of at most `limit` characters as fit."""
    texts, current = [], ""
    for string in strings:
        string = string[:limit]
        if current and len(current) + 1 + len(string) > limit:
            texts.append(current)
            current = ""
        current = f"{current} {string}" if current else string
    return [*texts, current] if current else texts


def assert_no_live_markup(page: str, where: str):
    shown = [string for string in STRINGS if string in page]
    assert not shown, f"{where}: shown as typed: {[s[:60] for s in shown[:5]]}"
    assert live_markup(page) == [], where


def assert_feed_has_no_live_markup(xml: bytes, where: str):
    """The feed is well-formed, and the HTML in it (which feed readers show) is harmless."""
    assert_no_live_markup(xml.decode(), where)
    root = ElementTree.fromstring(xml)  # noqa: S314 (our own feed, and what the test checks)
    texts = [element.text for element in root.iter() if element.text]
    for text in texts:
        assert_no_live_markup(text, f"{where}, an entry's HTML")


# The six plain-text fields of a case that readers see, filled from one pack each.
SHORT_FIELDS = 6


@pytest.fixture
def corpus(call, clock):
    """The published cases, each with its packs of strings; an approved tool and input."""
    theme = make_theme(slug="tema", name="Tema")
    packs = packed(STRINGS, SHORT_FIELD_CHARS)
    case_count = -(-len(packs) // SHORT_FIELDS)
    cases = []
    for number in range(case_count):
        fields = iter(packs[number * SHORT_FIELDS : (number + 1) * SHORT_FIELDS] + ["x"] * 6)
        markdown = "\n\n".join(STRINGS[number::case_count])
        case = make_case(
            call,
            title=TITLE_PREFIX.format(number=number) + "utkast",
            summary=markdown,
            enterprise=next(fields),
            main_theme=theme,
            themes=[theme],
            submitter_name=next(fields),
        )
        fill_contacts(case, role=next(fields), name=next(fields), other_role=next(fields))
        copy_edit(
            case,
            title=TITLE_PREFIX.format(number=number) + next(fields),
            answer=markdown,
            link=f'https://example.no/"><script>alert({number})</script>',
        )
        cases.append(case)
    tool = Tool.objects.create(
        title=packs[0],
        description="\n\n".join(STRINGS[:60]),
        link="https://example.no/verktoy",
        status=Moderation.APPROVED,
    )
    tool.themes.set([theme])
    Input.objects.create(
        submission=cases[0],
        name=packs[1],
        organisation=packs[2],
        email="per@example.no",
        text="\n".join(STRINGS[:40]),
        publish_consent=True,
        status=Moderation.APPROVED,
    )
    return {"cases": cases, "theme": theme}


def fill_contacts(case: Submission, *, role: str, name: str, other_role: str):
    """The submitter (the enterprise's contact) gets `role`; the municipality's contact gets
    `name` and `other_role`, and consents to being shown on the web and in the book."""
    people = {person.side: person for person in case.people.all()}
    Person.objects.filter(pk=people[Person.Side.ENTERPRISE].pk).update(role=role)
    contact = people[Person.Side.MUNICIPALITY]
    contact.name, contact.role = name, other_role
    contact.save(update_fields=["name", "role"])
    services.answer_invitation(
        contact, participates=True, consents={"web": True, "book": True}, language="nb"
    )


def copy_edit(case: Submission, *, title: str, answer: str, link: str):
    """An editor's change to the title, the link and the first answer, after publication: the
    history shows each as a diff."""
    case.title, case.link = title, link
    case._history_user = make_editor()
    case.save(update_fields=["title", "link"])
    first = Answer.objects.filter(submission=case).order_by("question__position").first()
    first.text = answer
    first.save(update_fields=["text"])


def test_every_string_is_in_a_plain_and_a_markdown_field_of_a_published_case(corpus):
    cases = Submission.objects.published().prefetch_related("people", "enterprises")
    plain = " ".join(
        [case.title for case in cases]
        + [e.name for case in cases for e in case.enterprises.all()]
        + [f"{p.name} {p.role}" for case in cases for p in case.people.all()]
    )
    markdown = "\n\n".join(case.summary for case in cases)
    answers = "\n\n".join(
        Answer.objects.filter(submission__in=cases).values_list("text", flat=True)
    )
    assert len(cases) == len(corpus["cases"])
    for string in STRINGS:
        assert string in markdown
        assert string in answers
        assert string[:SHORT_FIELD_CHARS] in plain


def test_readers_pages_and_feeds_show_no_live_markup(client, corpus):
    cases, theme = corpus["cases"], corpus["theme"]
    pages = {
        "/": 200,
        "/eksempler/": 200,
        "/en/eksempler/": 200,
        "/nn/eksempler/": 200,
        "/eksempler/?q=Sak": 200,
        f"/eksempler/?q={STRINGS[0]}": 200,
        f"/tema/{theme.slug}/": 200,
        "/verktoy/": 200,
        "/innspill/": 200,
    }
    for case in cases:
        case.refresh_from_db()
        pages[f"/eksempler/{case.slug}/"] = 200
        pages[f"/eksempler/{case.slug}/innspill/"] = 200
    for url, status in pages.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert_no_live_markup(response.content.decode(), url)
    search = client.get("/eksempler/?q=Sak").content.decode()
    assert all(f'href="/eksempler/{case.slug}/"' in search for case in cases)

    for url in ("/feed/", "/feed/rss/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_feed_has_no_live_markup(response.content, url)


def test_editors_pages_show_no_live_markup(corpus):
    editor = Client()
    editor.force_login(make_editor())
    cases = corpus["cases"]
    pages = ["/admin/submissions/submission/", "/admin/submissions/person/"]
    for case in cases:
        pages += [
            f"/admin/submissions/submission/{case.pk}/change/",
            f"/admin/submissions/submission/{case.pk}/history/",
        ]
    # One version's page is the change form again, read-only: two of them are enough.
    for case in (cases[0], cases[-1]):
        record = case.history.latest()
        pages.append(f"/admin/submissions/submission/{case.pk}/history/{record.history_id}/")
    for url in pages:
        response = editor.get(url)
        assert response.status_code == 200, url
        assert_no_live_markup(response.content.decode(), url)


@pytest.mark.skipif(
    WEASYPRINT_PROBLEM is not None and not IN_CI, reason=f"WeasyPrint: {WEASYPRINT_PROBLEM}"
)
def test_the_books_html_has_no_live_markup_and_its_fetcher_fetched_nothing(corpus):
    from book import render

    options = render.BookOptions()
    parts = render.prepare_parts(options)
    assert parts.omitted == []
    source = render.assemble(parts, options)
    assert len(source.cases) == len(corpus["cases"])
    assert_no_live_markup(source.html, "the book's HTML")

    fetcher = render.make_fetcher()
    _pdf, pages = render.html_to_pdf(source.html, fetcher=fetcher)
    assert pages > len(corpus["cases"])
    assert fetcher.refused == []
    own_files = render.asset_root().as_uri() + "/"
    assert [url for url in fetcher.requested if not url.startswith(own_files)] == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/eksempler/", "/nn/tema/", "/en/eksempler/?q=kaf%C3%A9"])
def test_a_query_string_with_more_fields_than_django_reads_is_no_server_error(path):
    # Every page's language switcher carries the query string over: it must not parse this
    # one again on the error page that answers it.
    fields = "&".join(f"f{number}=1" for number in range(1100))
    separator = "&" if "?" in path else "?"
    response = Client(raise_request_exception=False).get(f"{path}{separator}{fields}")
    assert response.status_code < 500  # refused (413), or ignored by a page that never reads it
