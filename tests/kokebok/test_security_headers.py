"""The Content Security Policy on public pages and in the admin, and nothing inline that it
would block."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
# An inline <script> (one without src), a style attribute, an inline event handler.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def policy(response) -> dict:
    """The header's directives (django-csp writes them in no fixed order)."""
    directives = (
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return dict(directives)


def test_public_page_sends_the_policy(client, call):
    response = client.get("/send-inn/")
    assert response.status_code == 200
    assert policy(response) == POLICY
    assert INLINE.findall(response.content.decode()) == []


def test_home_page_sends_the_policy(client, call):
    response = client.get("/")
    assert policy(response) == POLICY


def test_admin_sends_the_policy(editor_client, call):
    response = editor_client.get("/admin/submissions/submission/")
    assert response.status_code == 200
    assert policy(response) == POLICY
    assert 'href="/static/css/editorial.css"' in response.content.decode()


def test_admin_login_sends_the_policy(client):
    response = client.get("/admin/login/")
    assert policy(response) == POLICY


def test_our_templates_have_nothing_inline_that_the_policy_blocks():
    templates = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
    found = {
        str(path.relative_to(settings.BASE_DIR)): INLINE.findall(path.read_text(encoding="utf-8"))
        for path in templates
    }
    assert {path: hits for path, hits in found.items() if hits} == {}
