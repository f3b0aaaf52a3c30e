"""No log line holds the token of a secret link, not even Django's own 404 and CSRF lines."""

import logging

import pytest

from kokebok.logs import HideSecretLinks

pytestmark = pytest.mark.django_db

TOKEN = "Xq9pZ3-a-revoked-token-that-must-not-be-logged"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", f"/send-inn/lenke/{TOKEN}/"),
        ("post", f"/en/send-inn/lenke/{TOKEN}/"),
        ("get", f"/samtykke/{TOKEN}/"),
        ("get", f"/nn/samtykke/{TOKEN}/"),
    ],
)
def test_a_404_on_a_secret_link_is_logged_without_its_token(client, caplog, method, path):
    caplog.set_level(logging.INFO)
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert TOKEN not in caplog.text
    lines = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert lines == [f"Not Found: {path.replace(TOKEN, '***')}"]


def test_a_csrf_failure_on_a_secret_link_is_logged_without_its_token(caplog):
    from django.test import Client

    caplog.set_level(logging.INFO)
    Client(enforce_csrf_checks=True).post(f"/send-inn/lenke/{TOKEN}/")
    assert TOKEN not in caplog.text
    assert "/send-inn/lenke/***/" in caplog.text


def test_other_paths_are_logged_unchanged():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/eksempler/x/",), None
    )
    assert HideSecretLinks().filter(record) is True
    assert record.getMessage() == "Not Found: /eksempler/x/"
