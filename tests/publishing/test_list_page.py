"""The list page written from its kept frame (publishing.list_page, .frames) is the page its
template renders whole, escapes what readers typed and follows a publication."""

import re

import pytest

from publisher.models import Publisher
from publisher.services import save_publisher
from submissions.models import Submission
from tests.factories import make_case, make_theme

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>&\'"'
SEARCHES = [
    ("/eksempler/", {}),
    ("/en/eksempler/", {"q": "kafé"}),
    ("/nn/eksempler/", {"q": "sykkel", "county": "03", "form": "pilot", "sort": "oldest"}),
    ("/en/eksempler/", {"q": "svar", "page": "2"}),
    ("/eksempler/", {"q": "ingenting slikt"}),  # no result: the suggestions
    ("/eksempler/", {"q": "!!! ???"}),  # no words at all: no query for the ids
    ("/eksempler/", {"q": HOSTILE, "enterprise": HOSTILE}),
    ("/eksempler/", {"q": " ", "enterprise": "Grønn"}),
    ("/en/eksempler/", {"theme": "arbeid", "municipality": "0301"}),
]


@pytest.fixture
def cases(call):
    theme = make_theme(slug="arbeid", name="Arbeid", name_en="Work")
    for number in range(23):
        make_case(
            call,
            title=f"Kafé {number}",
            main_theme=theme,
            collaboration_form=Submission.CollaborationForm.PILOT,
        )
    make_case(call, title="Sykkelverksted", municipalities=("0301", "3201"))


def _whole(client, path, query) -> str:
    """The page as its template renders it whole: a reader with a session cookie (unknown
    here, so the reader is still anonymous) always gets that."""
    client.cookies["sessionid"] = "no-such-session"
    try:
        return client.get(path, query).content.decode()
    finally:
        del client.cookies["sessionid"]


@pytest.mark.parametrize(("path", "query"), SEARCHES)
def test_the_page_from_its_frame_is_the_page_its_template_renders(client, cases, path, query):
    client.get(path)  # another address keeps the frame first
    framed = client.get(path, query)
    assert framed.status_code == 200
    assert framed["Content-Type"] == "text/html; charset=utf-8"
    html = framed.content.decode()
    assert "\ue000" not in html  # no marker left over
    assert html == _whole(client, path, query)


def test_what_a_reader_typed_is_escaped_in_the_boxes_and_the_language_links(client, cases):
    html = client.get("/eksempler/", {"q": HOSTILE, "enterprise": HOSTILE}).content.decode()
    assert "<script>alert" not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#x27;&quot;"
    assert f'name="q" value="{escaped}"' in html
    assert f'name="enterprise" value="{escaped}"' in html
    # The switcher carries the query over, re-encoded and escaped in the attribute.
    assert (
        'href="/en/eksempler/?q=%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E%26%27%22&amp;' in html
    )


def test_each_search_gets_its_own_values_choices_and_switcher(client, cases):
    first = client.get("/en/eksempler/", {"q": "kafé", "county": "03"}).content.decode()
    second = client.get("/en/eksempler/", {"enterprise": "Grønn"}).content.decode()
    assert 'name="q" value="kafé"' in first
    assert 'name="q" maxlength' in second  # an empty box has no value attribute
    assert 'value="Grønn"' in second
    assert '<option value="03" selected>Oslo (24)</option>' in first
    assert '<option value="03">Oslo (24)</option>' in second
    assert 'href="/eksempler/?q=kaf%C3%A9&amp;county=03" lang="nb"' in first
    assert 'href="/eksempler/?enterprise=Gr%C3%B8nn" lang="nb"' in second
    assert re.search(r'<html lang="en">', second)
    assert 'aria-current="page">Examples</a>' in second


def test_a_form_with_errors_is_rendered_whole_with_them(client, cases):
    html = client.get("/en/eksempler/", {"county": '"><script>'}).content.decode()
    assert '<details class="ds-details kb-filters kb-wide-open" open>' in html
    assert 'aria-invalid="true"' in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_frame_follows_a_publication(client, cases, django_capture_on_commit_callbacks):
    assert "Kokebok-testen" not in client.get("/en/eksempler/", {"q": "kafé"}).content.decode()
    publisher = Publisher.objects.get()
    publisher.service_name_en = "Kokebok-testen"
    with django_capture_on_commit_callbacks(execute=True):
        save_publisher(publisher)
    html = client.get("/en/eksempler/", {"q": "sykkel"}).content.decode()
    assert '<a class="kb-brand" href="/en/">Kokebok-testen</a>' in html


@pytest.mark.parametrize(
    "query",
    [
        "q=%00&enterprise=%00",  # refused by the form: the page rendered whole, with the error
        "q=%FF%FE&county=%C0",  # not UTF-8
        "q=%EE%80%80kokebok%3Aq-value%EE%80%80",  # a marker's shape, typed: written as text
        "page=-1&sort=%3Cscript%3E",
        "q=" + "a" * 5000,
    ],
)
def test_hostile_addresses_get_a_page_and_never_a_marker(client, cases, query):
    framed = client.get(f"/eksempler/?{query}")
    assert framed.status_code == 200
    html = framed.content.decode()
    assert html == _whole(client, f"/eksempler/?{query}", {})
    assert "<script>" not in html.split("<main", 1)[1]
