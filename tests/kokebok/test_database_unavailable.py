"""The database cannot be reached: a plain 503 page in the page's language, nothing half-saved."""

import pytest
from django.core import mail
from django.db import connection
from django.db.utils import InterfaceError, OperationalError

from submissions.models import Person, Submission
from tests.factories import pitch_post_data

pytestmark = pytest.mark.django_db

SECRET_IN_ERROR = "connection to server at 10.0.0.5 failed for user kokebok_prod"


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError(SECRET_IN_ERROR)


def refuse_people(execute, sql, params, many, context):
    """The database goes away half-way through a pitch: after the submission row, at the people."""
    if sql.lstrip().upper().startswith("INSERT") and Person._meta.db_table in sql:
        raise OperationalError(SECRET_IN_ERROR)
    return execute(sql, params, many, context)


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/eksempler/", "nb", "Tjenesten er utilgjengelig akkurat nå"),
        ("/nn/eksempler/", "nn", "Tenesta er utilgjengeleg akkurat no"),
        ("/en/eksempler/", "en", "The service is unavailable right now"),
        ("/en/", "en", "The service is unavailable right now"),
    ],
)
def test_public_page_is_503_in_the_page_language_when_the_database_fails(
    client, path, lang, heading
):
    with connection.execute_wrapper(refuse_every_query):
        response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert "10.0.0.5" not in html
    assert "Traceback" not in html
    assert "OperationalError" not in html


def test_interface_error_is_a_503_too(client):
    def closed(execute, sql, params, many, context):
        raise InterfaceError("connection already closed")

    with connection.execute_wrapper(closed):
        response = client.get("/eksempler/")
    assert response.status_code == 503


def test_database_failure_is_logged_by_kind_without_path_or_reason(client, caplog):
    with connection.execute_wrapper(refuse_every_query):
        client.get("/send-inn/lenke/a-secret-token-that-must-not-be-logged/")
    assert "database_unavailable method=GET error=OperationalError" in caplog.text
    assert "a-secret-token" not in caplog.text
    assert "10.0.0.5" not in caplog.text


def test_pitch_is_not_half_saved_when_the_database_fails_mid_way(
    client, call, clock, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        connection.execute_wrapper(refuse_people),
    ):
        response = client.post("/nn/send-inn/", pitch_post_data())
    assert response.status_code == 503
    assert '<html lang="nn">' in response.content.decode()
    assert Submission.objects.count() == 0
    assert Person.objects.count() == 0
    assert callbacks == []
    assert mail.outbox == []


def test_other_errors_get_the_generic_500_page_without_details(client, monkeypatch):
    def fail():
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(connection, "cursor", fail)
    client.raise_request_exception = False
    response = client.get("/eksempler/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Noe gikk galt</h1>" in html
    assert "RuntimeError" not in html
    assert "a bug, not an outage" not in html
