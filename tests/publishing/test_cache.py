"""Cached public pages change the moment something readers can see changes."""

import datetime as dt
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from publishing import cache as cache_module
from publishing.cache import GENERATION_ROW, bump_generation, current_generation
from publishing.models import PublicationGeneration
from submissions import services
from submissions.models import Person, Submission
from submissions.workflow import State, transition
from tests.factories import (
    BEFORE_DEADLINES,
    make_call,
    make_case,
    make_editor,
    make_theme,
    unpublish,
)

pytestmark = pytest.mark.django_db


def test_publishing_shows_the_case_on_cached_pages_at_once(
    client, call, django_capture_on_commit_callbacks
):
    make_case(call, title="Første")
    waiting = make_case(call, state=State.APPROVED, title="Andre")
    for address in ("/en/eksempler/", "/en/feed/", "/sitemap.xml"):
        assert "ndre" not in client.get(address).content.decode()  # now cached without it
    with django_capture_on_commit_callbacks(execute=True):
        transition(waiting, State.PUBLISHED, by=make_editor())
    assert "Andre" in client.get("/en/eksempler/").content.decode()
    assert "Andre" in client.get("/en/feed/").content.decode()
    assert "/eksempler/andre/" in client.get("/sitemap.xml").content.decode()


def test_the_home_pages_theme_counts_follow_a_publication_at_once(
    client, call, django_capture_on_commit_callbacks
):
    theme = make_theme(name="Integrering", name_en="Integration")
    make_case(call, title="Første", main_theme=theme)
    waiting = make_case(call, state=State.APPROVED, title="Andre", main_theme=theme)
    assert "Integration (1)" in client.get("/en/").content.decode()
    assert "Integration (1)" in client.get("/en/").content.decode()  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        transition(waiting, State.PUBLISHED, by=make_editor())
    assert "Integration (2)" in client.get("/en/").content.decode()


def test_the_cached_home_page_follows_the_call_closing_with_the_clock(client, clock):
    make_call(pitch_deadline=BEFORE_DEADLINES + dt.timedelta(minutes=1))
    assert "Send in an example" in client.get("/en/").content.decode()
    assert "Send in an example" in client.get("/en/").content.decode()  # from the cache
    clock.shift(dt.timedelta(minutes=2))
    assert "There is no open call for examples right now." in client.get("/en/").content.decode()


def test_unpublishing_removes_the_case_from_cached_pages_at_once(
    client, call, django_capture_on_commit_callbacks
):
    case = make_case(call, title="Snart borte")
    assert client.get("/en/eksempler/snart-borte/").status_code == 200
    assert "Snart borte" in client.get("/en/eksempler/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish(case)
    assert client.get("/en/eksempler/snart-borte/").status_code == 404
    assert "Snart borte" not in client.get("/en/eksempler/").content.decode()


def test_withdrawn_consent_removes_contact_details_from_the_cached_page_at_once(
    client, call, django_capture_on_commit_callbacks
):
    case = make_case(call, title="Kontakt")
    contact = case.people.get(side=Person.Side.MUNICIPALITY)
    services.answer_invitation(contact, participates=True, consents={"web": True}, language="nb")
    assert "Municipality Kontakt" in client.get("/en/eksempler/kontakt/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_invitation(contact, participates=False, consents={}, language="nb")
    assert "Municipality Kontakt" not in client.get("/en/eksempler/kontakt/").content.decode()


def test_only_changes_readers_can_see_bump_the_generation(call, django_capture_on_commit_callbacks):
    case = make_case(call, state=State.APPROVED)
    contact = case.people.get(side=Person.Side.MUNICIPALITY)
    before = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_consents(contact, {"web": True}, source="consent_link")
    assert current_generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        transition(case, State.PUBLISHED, by=make_editor())
    assert current_generation() == before + 1
    with django_capture_on_commit_callbacks(execute=True):
        services.record_consents(contact, {"web": False}, source="consent_link")
    assert current_generation() == before + 2
    with django_capture_on_commit_callbacks(execute=True):
        transition(case, State.CHANGES_REQUESTED, by=make_editor())
    assert current_generation() == before + 3


def test_readers_with_a_session_get_fresh_pages_and_leave_none_in_the_cache(call):
    case = make_case(call, title="Første")
    reader = Client()
    reader.force_login(get_user_model().objects.create_user("leser", password="pw"))
    assert "Første" in reader.get("/en/eksempler/").content.decode()
    # Writes that bypass the services (and so the signal) show whether a page was stored.
    Submission.objects.filter(pk=case.pk).update(title="Andre")
    assert "Andre" in Client().get("/en/eksempler/").content.decode()  # nothing was stored
    Submission.objects.filter(pk=case.pk).update(title="Tredje")
    assert "Andre" in Client().get("/en/eksempler/").content.decode()  # the anonymous page was
    assert "Tredje" in reader.get("/en/eksempler/").content.decode()


def test_each_language_and_query_string_is_cached_separately(client, call):
    make_case(call, title="Sak")
    english = client.get("/en/eksempler/").content.decode()
    bokmal = client.get("/eksempler/").content.decode()
    assert '<html lang="en">' in english
    assert '<html lang="nb">' in bokmal
    assert client.get("/en/eksempler/?q=ingenting").content.decode().count("kb-case-title") == 0


def test_a_page_showing_a_waiting_message_is_never_stored(call):
    case = make_case(call, title="Første")
    with_message = Client()
    with_message.cookies["messages"] = "anything"
    with_message.get("/en/eksempler/")
    Submission.objects.filter(pk=case.pk).update(title="Andre")
    assert "Andre" in Client().get("/en/eksempler/").content.decode()


def test_a_cached_page_costs_no_query_and_one_a_second(client, call, monkeypatch):
    monkeypatch.setattr(cache_module, "GENERATION_READ_EVERY", 60)
    make_case(call, title="Sak 0")
    client.get("/en/eksempler/")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/eksempler/")
        client.get("/")  # its open calls kept per minute too
    assert [query["sql"] for query in queries] == []
    monkeypatch.setattr(cache_module, "GENERATION_READ_EVERY", 0)
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/eksempler/")
    assert len(queries) == 1
    assert "publishing_publicationgeneration" in queries[0]["sql"]


def test_another_process_s_publication_reaches_this_one_within_the_read_interval(
    client, call, monkeypatch
):
    monkeypatch.setattr(cache_module, "GENERATION_READ_EVERY", 0.2)
    make_case(call, title="Første")
    assert "Andre" not in client.get("/en/eksempler/").content.decode()
    # Another worker publishes and bumps the counter (the test's transaction never commits, so
    # no bump of this process's own follows make_case): this process has not heard.
    make_case(call, title="Andre")
    PublicationGeneration.objects.get_or_create(pk=GENERATION_ROW)
    PublicationGeneration.objects.filter(pk=GENERATION_ROW).update(number=F("number") + 1)
    assert "Andre" not in client.get("/en/eksempler/").content.decode()
    time.sleep(0.25)
    assert "Andre" in client.get("/en/eksempler/").content.decode()


def test_a_bump_in_this_process_is_seen_by_its_next_page(client, call):
    make_case(call, title="Første")
    assert "Andre" not in client.get("/en/eksempler/").content.decode()
    make_case(call, title="Andre")
    bump_generation()
    assert "Andre" in client.get("/en/eksempler/").content.decode()
