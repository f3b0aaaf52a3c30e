"""/helse/: 200 when the database (and a configured cache) answer, 503 when not."""

import pytest
from django.db import connection
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Port 1 on loopback: refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/helse/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_health_checks_the_cache_when_one_is_configured(client, settings):
    settings.CACHE_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get("/helse/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "failing"},
    }


def test_health_is_unavailable_when_the_database_fails(client, monkeypatch, caplog):
    def fail():
        raise OperationalError("connection to server at 10.0.0.5 failed: password rejected")

    monkeypatch.setattr(connection, "cursor", fail)
    response = client.get("/helse/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "failing"}}
    assert "10.0.0.5" not in response.content.decode()
    assert "health_failed check=database error=OperationalError" in caplog.text


def test_health_answers_in_every_language_at_one_address(client):
    assert client.get("/en/helse/").status_code == 404


def test_health_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/helse/").status_code == 200
    assert client.get("/send-inn/").status_code == 301
