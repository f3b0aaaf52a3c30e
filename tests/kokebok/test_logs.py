"""Log lines carry ids and states, never personal data; LOG_FORMAT=json makes them fields."""

import json
import logging

import pytest

from kokebok.logs import JsonFormatter
from tests.factories import pitch_post_data

PERSONAL = ["kari@example.no", "ola@example.no", "Kari Nordmann", "Ola Kommune"]
TITLE = "Kafé som arbeidstrening"


@pytest.mark.django_db
def test_pitch_logs_no_address_name_or_title(
    client, call, clock, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/send-inn/", pitch_post_data())
    assert response.status_code == 302
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("pitch_created submission=") for m in messages)
    assert messages.count("email_sent template=pitch_confirmation attempt=1") == 1
    assert [word for word in [*PERSONAL, TITLE] if word in caplog.text] == []


def make_record(name: str, message: str, *args) -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, message, args, None)


def test_json_formatter_turns_key_values_into_fields():
    record = make_record("kokebok.workflow", "transition submission=%s from=%s to=%s", 5, "a", "b")
    line = json.loads(JsonFormatter().format(record))
    assert line.pop("time").endswith("+00:00")
    assert line == {
        "level": "INFO",
        "logger": "kokebok.workflow",
        "event": "transition",
        "submission": "5",
        "from": "a",
        "to": "b",
    }


def test_json_formatter_keeps_other_messages_whole():
    record = make_record("django.request", "Not Found: /x y=1")
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Not Found: /x y=1"
    assert "event" not in line
