"""The admin's password step is throttled per account and per client (django-axes, configured in
editorial/lockout.py and the AXES_* settings): wrong passwords lock an account from any number of
clients, many accounts tried from one client lock that client, the lockout refuses even the
right password, ends by itself after the cool-off, and looks the same for unknown usernames."""

import datetime as dt
import logging

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import EDITOR_PASSWORD, make_editor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

LOGIN = "/admin/login/?next=/admin/"
LOCKED_TEXT = "For mange mislykkede innlogginger"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.SIGN_IN_CLIENT_FAILURE_LIMIT = 20
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    settings.PROXY_COUNT = 0


@pytest.fixture
def now():
    with time_machine.travel(dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC), tick=False) as t:
        yield t


def sign_in(client, username, password, *, address="192.0.2.10", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_one_wrong_password_is_an_ordinary_error(client, editor):
    response = sign_in(client, editor.username, "feil")
    assert response.status_code == 200
    assert LOCKED_TEXT not in response.content.decode()
    assert signed_in(sign_in(client, editor.username, EDITOR_PASSWORD))


def test_wrong_passwords_from_many_clients_lock_the_account(client, editor, now):
    for n in range(5):
        sign_in(client, editor.username, f"gjett-{n}", address=f"198.51.100.{n + 1}")

    # The right password, from a client that never failed, is refused too.
    response = sign_in(client, editor.username, EDITOR_PASSWORD, address="203.0.113.7")

    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another editor on the same clients still signs in.
    other = make_editor("redaktor-2", password=EDITOR_PASSWORD)
    assert signed_in(sign_in(client, other.username, EDITOR_PASSWORD, address="198.51.100.1"))


def test_many_accounts_tried_from_one_client_lock_the_client(client, editor, now):
    for n in range(20):
        sign_in(client, f"person-{n}@example.no", "sommer2026")

    refused = sign_in(client, editor.username, EDITOR_PASSWORD)
    elsewhere = sign_in(client, editor.username, EDITOR_PASSWORD, address="203.0.113.7")

    assert refused.status_code == 429
    assert signed_in(elsewhere)


def test_an_ipv6_client_is_its_whole_network(client, editor, now):
    for n in range(20):
        sign_in(client, f"person-{n}", "feil", address=f"2001:db8:1:2::{n + 1:x}")

    assert (
        sign_in(client, editor.username, EDITOR_PASSWORD, address="2001:db8:1:2::abc").status_code
        == 429
    )
    assert signed_in(sign_in(client, editor.username, EDITOR_PASSWORD, address="2001:db8:1:3::1"))


def test_behind_our_proxy_the_client_is_the_address_the_proxy_saw(client, editor, now, settings):
    settings.PROXY_COUNT = 1
    for n in range(20):
        # A visitor cannot choose their address by sending their own X-Forwarded-For.
        sign_in(
            client,
            f"person-{n}",
            "feil",
            address="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.9",
        )

    via_proxy = sign_in(
        client,
        editor.username,
        EDITOR_PASSWORD,
        address="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    other_visitor = sign_in(
        client,
        editor.username,
        EDITOR_PASSWORD,
        address="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.10",
    )

    assert via_proxy.status_code == 429
    assert signed_in(other_visitor)


def test_the_lockout_ends_by_itself_and_tries_during_it_do_not_extend_it(client, editor, now):
    for n in range(5):
        sign_in(client, editor.username, f"gjett-{n}")
    page = sign_in(client, editor.username, EDITOR_PASSWORD)
    # The page says when: 15 minutes after the last failure, in Oslo time.
    assert "Prøv igjen etter 11:15" in page.content.decode()

    now.shift(dt.timedelta(minutes=10))
    assert sign_in(client, editor.username, "gjett-6").status_code == 429
    now.shift(dt.timedelta(minutes=6))
    assert signed_in(sign_in(client, editor.username, EDITOR_PASSWORD))


def test_an_unknown_username_is_locked_in_the_same_words(client, editor, now):
    for n in range(5):
        sign_in(client, "finnes-ikke", f"gjett-{n}", address="198.51.100.1")
        sign_in(client, editor.username, f"gjett-{n}", address="198.51.100.2")

    unknown = sign_in(client, "finnes-ikke", "gjett", address="198.51.100.3")
    known = sign_in(client, editor.username, "gjett", address="198.51.100.3")

    assert unknown.status_code == known.status_code == 429
    assert unknown.content == known.content
    assert b"finnes-ikke" not in unknown.content


def test_the_lockout_page_is_in_the_editors_language(client, editor, now):
    for n in range(5):
        sign_in(client, editor.username, f"gjett-{n}")
    english = sign_in(client, editor.username, "x", HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "nn"
    nynorsk = sign_in(client, editor.username, "x")

    assert "Too many failed sign-ins" in english.content.decode()
    assert "For mange mislukka innloggingar" in nynorsk.content.decode()


def test_an_administrator_lifts_a_lockout(client, editor, now):
    for n in range(5):
        sign_in(client, editor.username, f"gjett-{n}")
    call_command("axes_reset_username", editor.username, verbosity=0)
    assert signed_in(sign_in(client, editor.username, EDITOR_PASSWORD))


def test_no_password_or_address_is_stored_in_clear(client, editor, now):
    sign_in(client, editor.username, "mitt-hemmelige-passord")
    attempt = AccessAttempt.objects.get()
    assert "mitt-hemmelige-passord" not in attempt.post_data
    # Kept for the cool-off only.
    now.shift(dt.timedelta(minutes=16))
    sign_in(client, "noen-andre", "feil")
    assert AccessAttempt.objects.filter(username=editor.username).exists() is False
    assert AccessAttempt.objects.get().attempt_time == timezone.now()


def test_hostile_input_is_refused_without_an_error(client, editor):
    for username in ("\x00" * 10, "<script>alert(1)</script>", "x" * 100_000, "ø" * 300):
        response = sign_in(client, username, "\x00feil")
        assert response.status_code in (200, 429)


def test_the_admins_pages_cost_no_query_for_the_sign_in_rules(editor_client):
    """The temporary-password rule is read from the session, and axes only acts at sign-in."""
    with CaptureQueriesContext(connection) as queries:
        assert editor_client.get("/admin/").status_code == 200
    sql = " ".join(query["sql"] for query in queries)
    assert "accountsetup" not in sql
    assert "axes_" not in sql


def test_the_log_of_a_failure_names_neither_the_user_nor_the_address(client, editor, caplog):
    caplog.set_level(logging.INFO)
    sign_in(client, editor.username, "feil", address="198.51.100.77")
    assert "AXES: New login failure" in caplog.text
    assert editor.username not in caplog.text
    assert "198.51.100.77" not in caplog.text
