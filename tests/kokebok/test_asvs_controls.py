"""ASVS 5.0 controls that no feature test covered on its own (see docs/security.md)."""

import re

import pytest
from django.core import mail
from django.db import connection

from submissions import links
from tests.factories import make_edition, make_submission, pitch_post_data

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def record_writes(statements):
    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES):
            statements.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def test_no_public_get_changes_anything(client, call, clock, django_capture_on_commit_callbacks):
    """ASVS V3.5.3: every state change is a POST; opening any public address writes nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        submission = make_submission(call)
    submitter_link = links.issue_token(submission)
    invitation = next(m for m in mail.outbox if m.to == ["municipality@example.no"])
    consent_link = re.search(r"/samtykke/([\w-]+)/", invitation.body).group(1)
    paths = [
        "/",
        "/eksempler/",
        "/tema/",
        "/feed/",
        "/feed/rss/",
        "/sitemap.xml",
        "/robots.txt",
        "/innspill/",
        "/verktoy/",
        "/verktoy/foresla/",
        "/send-inn/",
        "/send-inn/ny-lenke/",
        f"/send-inn/lenke/{submitter_link}/",
        f"/send-inn/bidrag/{submission.public_id}/",
        f"/samtykke/{consent_link}/",
        "/kokebok.pdf",
        "/helse/",
        "/en/",
        "/nn/eksempler/",
    ]
    statements = []
    with connection.execute_wrapper(record_writes(statements)):
        statuses = {path: client.get(path).status_code for path in paths}
    assert set(statuses.values()) <= {200, 404}, statuses
    assert statements == []


def test_responses_carry_the_browser_security_headers(client, call):
    """ASVS V3.4.4 nosniff, V3.4.5 referrer policy, V3.4.6 framing refused."""
    for path in ("/", "/send-inn/", "/admin/login/"):
        response = client.get(path)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_session_and_csrf_cookies_are_samesite_and_the_session_is_httponly(client, call, clock):
    """ASVS V3.3.2 and V3.3.4."""
    form = client.get("/send-inn/")
    csrf = form.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"
    response = client.post("/send-inn/", pitch_post_data())
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


def test_a_submitter_with_one_link_cannot_open_another_submission(client, call, clock):
    """ASVS V8.2.2: access is per submission, not per visitor."""
    mine = make_submission(call, submitter_email="mine@example.no")
    theirs = make_submission(call, submitter_email="theirs@example.no", title="Ikke min")
    client.post(f"/send-inn/lenke/{links.issue_token(mine)}/")
    assert client.get(f"/send-inn/bidrag/{mine.public_id}/").status_code == 200
    base = f"/send-inn/bidrag/{theirs.public_id}/"
    for method, suffix in [
        ("get", ""),
        ("get", "pitch/"),
        ("get", "tekst/"),
        ("get", "endringer/"),
        ("post", "pitch/"),
        ("post", "tekst/"),
        ("post", "samtykke/"),
        ("post", "endringer/"),
    ]:
        response = getattr(client, method)(base + suffix)
        assert response.status_code == 404, (method, suffix)
        assert "Ikke min" not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.title == "Ikke min"


def test_the_pdf_addresses_never_render_on_request(client, call, clock, monkeypatch):
    """ASVS V2.4.1 (overuse of costly resources): readers only ever get a stored file, however
    many ask and whether or not the book is out of date; rendering is the worker's job."""
    import weasyprint

    def no_rendering(*args, **kwargs):
        raise AssertionError("a reader's request rendered the book")

    monkeypatch.setattr(weasyprint.HTML, "__init__", no_rendering)
    make_edition(1, pdf=b"%PDF-1.7 stored")
    make_submission(call)  # content the stored book does not have yet
    for path in ["/kokebok.pdf", "/kokebok/1.pdf", "/en/kokebok.pdf", "/kokebok/2.pdf"] * 5:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.7 stored"
