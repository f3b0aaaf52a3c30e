"""Searches the slots would refuse are answered in front of Django (publishing/search_gate.py),
with Django's own busy answer's headers; everything else still reaches Django."""

import time
from contextlib import ExitStack

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils.html import escape

import kokebok.wsgi
from common import marks, slots
from publishing import search_slots
from publishing.search_gate import SearchGate
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot_dir(one_spare, settings):
    """One slot while others read, and searches keep to half the time."""
    settings.SEARCH_DUTY = 0.5
    return one_spare


@pytest.fixture
def held(slot_dir):
    """Every slot taken, as by other workers rendering searches."""
    with ExitStack() as stack:
        for _ in range(2):
            assert stack.enter_context(slots.slot(slot_dir, name=search_slots.SLOT_NAME, count=2))
        yield stack


class Counting:
    """Django's WSGI application, counting the requests it is given."""

    def __init__(self, application):
        self.application = application
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.application(environ, start_response)


@pytest.fixture
def django_app():
    """A gate in front of the project's Django, counting what reaches Django; gunicorn serves
    the project's own gate (kokebok.wsgi). As Django's test client does, the requests do not
    close the database connection, whose transaction is the test's."""
    assert isinstance(kokebok.wsgi.application, SearchGate)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield SearchGate(Counting(kokebok.wsgi.django_application))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def ask(gate, path, data=None, **headers):
    """(status, headers as a dict, body) of `gate` for a GET of `path`."""
    environ = RequestFactory().get(path, data or {}, **headers).environ
    answer = {}

    def start_response(status, response_headers, *exc_info):
        answer["status"], answer["headers"] = status, dict(response_headers)

    body = b"".join(gate(environ, start_response))
    return answer["status"], answer["headers"], body.decode()


@pytest.fixture
def kafe(call):
    return make_case(call, title="Kafé i sentrum")


@pytest.mark.parametrize(
    ("prefix", "title"),
    [("", "Mange søker akkurat nå"), ("/nn", "Mange søkjer akkurat no"), ("/en", "Many are")],
)
def test_a_refused_search_is_answered_before_django_with_djangos_headers(
    django_app, kafe, held, prefix, title
):
    inner = django_app.application
    first = ask(django_app, f"{prefix}/eksempler/", {"q": "kafé"})
    assert (first[0], inner.calls) == ("503 Service Unavailable", 1)  # Django's own answer
    words = '<script>alert(1)</script> "kafé"'
    status, headers, page = ask(
        django_app, f"{prefix}/eksempler/", {"q": words, "county": "03", "form": "<b>"}
    )
    assert inner.calls == 1  # the gate's
    assert status == "503 Service Unavailable"
    assert title in page
    assert f'value="{escape(words)}"' in page
    assert "<script>" not in page
    assert '<input type="hidden" name="county" value="03">' in page
    assert '<input type="hidden" name="form" value="&lt;b&gt;">' in page
    assert "Kafé i sentrum" not in page
    assert headers["Content-Length"] == str(len(page.encode()))
    # The headers Django's middleware gave its own busy answer: security, language, no cache.
    assert {k: v for k, v in headers.items() if k != "Content-Length"} == {
        k: v for k, v in first[1].items() if k != "Content-Length"
    }
    assert headers["Retry-After"] == "2"
    assert "no-store" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in headers
    assert headers["Content-Language"] == (prefix.strip("/") or "nb")


def test_django_still_answers_what_the_gate_cannot_tell(django_app, kafe, slot_dir):
    inner = django_app.application
    assert ask(django_app, "/eksempler/", {"q": "kafé"})[0] == "200 OK"  # a free slot
    with ExitStack() as stack:
        for _ in range(2):
            stack.enter_context(slots.slot(slot_dir, name=search_slots.SLOT_NAME, count=2))
        ask(django_app, "/eksempler/", {"q": "sentrum"})  # the headers learnt
        calls = inner.calls
        assert ask(django_app, "/eksempler/", {"q": "kafé"})[0] == "200 OK"  # cached here
        assert ask(django_app, "/eksempler/")[0] == "200 OK"  # the list, not a search
        assert ask(django_app, f"/eksempler/{kafe.slug}/")[0] == "200 OK"
        # A session (an editor's preview, a submitter's messages): Django decides.
        assert ask(django_app, "/eksempler/", {"q": "x"}, HTTP_COOKIE="sessionid=abc")[0][:3] == (
            "503"
        )
        assert ask(django_app, "/eksempler/", {"q": "x"}, HTTP_HOST="evil.example")[0][:3] == (
            "400"
        )
        # More fields than Django reads: its refusal (413), never an error in the gate.
        too_many = {"q": "x", **{f"f{number}": "1" for number in range(1100)}}
        assert ask(django_app, "/eksempler/", too_many)[0][:3] == "413"
        assert inner.calls == calls + 6
        assert ask(django_app, "/eksempler/", {"q": "y"})[0][:3] == "503"
        assert inner.calls == calls + 6


class Monotonic:
    """time.monotonic() for the slots, the marks and the share, moved on by the test only."""

    def __init__(self):
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float):
        self.now += seconds


@pytest.fixture
def monotonic(monkeypatch):
    clock = Monotonic()
    monkeypatch.setattr(time, "monotonic", clock)
    return clock


def search_taking(monotonic, seconds):
    with search_slots.search_slot() as taken:
        assert taken
        monotonic.advance(seconds)


def searches_until_over_share(monotonic, seconds=0.05, most=20) -> int:
    """Searches of `seconds` one after another until searches are over their share."""
    taken = 0
    while not search_slots.over_share() and taken < most:
        search_taking(monotonic, seconds)
        taken += 1
    return taken


def test_while_others_read_searches_keep_to_their_share_of_the_time(slot_dir, monotonic):
    search_slots.mark_other_page()
    search_taking(monotonic, 0.05)  # SEARCH_DUTY 0.5: owes 0.1 s from its start: 0.05 from now
    assert not search_slots.would_refuse()
    # Each search straight after puts the debt 0.05 s further ahead: 0.30 s, over the 0.25 s
    # credit, after the fifth.
    assert searches_until_over_share(monotonic) == 5
    assert search_slots.would_refuse()
    with search_slots.search_slot() as taken:
        assert not taken
    monotonic.advance(0.1)  # paid off to within the credit again
    search_slots.mark_other_page()
    assert not search_slots.over_share()
    assert not search_slots.would_refuse()


def test_one_slow_search_does_not_hold_back_the_next_on_its_own(slot_dir, monotonic):
    search_slots.mark_other_page()
    search_taking(monotonic, 0.4)  # would owe 0.8 s at half the time; charged at most 0.25
    assert not search_slots.over_share()
    assert not search_slots.would_refuse()


def test_with_nobody_else_reading_searches_are_not_charged(slot_dir, monotonic):
    for _ in range(3):
        search_taking(monotonic, 0.1)
    assert marks.seconds_since(search_slots.debt_path()) is None
    assert not search_slots.would_refuse()


def test_a_duty_of_one_never_charges(slot_dir, settings, monotonic):
    settings.SEARCH_DUTY = 1
    search_slots.mark_other_page()
    for _ in range(10):
        search_taking(monotonic, 0.1)
    assert not search_slots.over_share()


def test_a_moment_ahead_is_marked_at_most_a_second_ahead(tmp_path):
    marks.mark(tmp_path / "debt", ahead=5)
    assert -marks.MAX_AHEAD <= marks.seconds_since(tmp_path / "debt") < -0.9


def test_over_its_share_django_refuses_a_search_too(client, kafe, slot_dir, monotonic):
    assert client.get("/eksempler/", {"q": "kafé"}).status_code == 200
    assert client.get("/").status_code == 200  # someone reads
    searches_until_over_share(monotonic)
    assert client.get("/eksempler/", {"q": "sentrum"}).status_code == 503
