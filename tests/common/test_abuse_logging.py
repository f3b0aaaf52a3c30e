"""Honeypot and rate-limit hits are logged by kind, without the client's address or input."""

import pytest

from submissions.models import Submission
from tests.factories import pitch_post_data

pytestmark = pytest.mark.django_db

CLIENT_ADDRESS = "203.0.113.77"

TOOL = {
    "title": "Veileder",
    "link": "https://anskaffelser.example.no/veileder",
    "description": "Hvordan kjøpe fra sosiale entreprenører.",
    "audience": "municipality",
    "homepage": "",
}
INPUT = {
    "name": "Per Leser",
    "email": "per@example.no",
    "text": "Ta med et eksempel fra Finnmark.",
    "publish_consent": "on",
    "homepage": "",
}


@pytest.mark.parametrize(
    ("path", "data", "form_name"),
    [
        ("/send-inn/", lambda: pitch_post_data(homepage="http://spam.example"), "ShortPitchForm"),
        (
            "/send-inn/ny-lenke/",
            lambda: {"email": "kari@example.no", "homepage": "x"},
            "NewLinkForm",
        ),
        ("/innspill/", lambda: {**INPUT, "homepage": "x"}, "InputForm"),
        ("/verktoy/foresla/", lambda: {**TOOL, "homepage": "x"}, "ToolSuggestionForm"),
    ],
)
def test_a_honeypot_hit_is_logged_with_the_form_only(
    client, call, clock, caplog, path, data, form_name
):
    client.post(path, data(), REMOTE_ADDR=CLIENT_ADDRESS)
    hits = [r.getMessage() for r in caplog.records if r.getMessage().startswith("honeypot_hit")]
    assert hits == [f"honeypot_hit form={form_name}"]
    assert CLIENT_ADDRESS not in caplog.text
    assert "spam.example" not in caplog.text


@pytest.mark.parametrize(
    ("path", "data", "scope"),
    [
        ("/send-inn/", pitch_post_data, "pitch"),
        ("/send-inn/ny-lenke/", lambda: {"email": "kari@example.no", "homepage": ""}, "new_link"),
        ("/innspill/", lambda: INPUT, "input"),
        ("/verktoy/foresla/", lambda: TOOL, "tool"),
    ],
)
def test_a_rate_limit_hit_is_logged_with_the_scope_only(
    client, call, clock, caplog, settings, path, data, scope
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, scope: 1}
    client.post(path, data(), REMOTE_ADDR=CLIENT_ADDRESS)
    assert "rate_limit_hit" not in caplog.text
    client.post(path, data(), REMOTE_ADDR=CLIENT_ADDRESS)
    hits = [r.getMessage() for r in caplog.records if r.getMessage().startswith("rate_limit_hit")]
    assert hits == [f"rate_limit_hit scope={scope} per=client"]
    assert CLIENT_ADDRESS not in caplog.text
    assert "kari@example.no" not in caplog.text


def test_a_rate_limit_counts_per_client_address(client, call, clock, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pitch": 1}
    assert (
        client.post("/send-inn/", pitch_post_data(), REMOTE_ADDR="203.0.113.1").status_code == 302
    )
    assert (
        client.post("/send-inn/", pitch_post_data(), REMOTE_ADDR="203.0.113.2").status_code == 302
    )
    assert (
        client.post("/send-inn/", pitch_post_data(), REMOTE_ADDR="203.0.113.1").status_code == 429
    )
    assert Submission.objects.count() == 2
