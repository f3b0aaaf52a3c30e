"""E-mail is never a megaphone: what a sender typed (a name, a title) stands in a message from
the publisher only as quoted data: one line, no control or direction characters, bounded, and
no address a mail program would make into a link."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.emails import TYPED_MAX_CHARS, as_data, quoted
from tests.factories import make_submission

HOSTILE_NAME = "Kari\n\nKlikk her: http://evil.example/logg-inn\u202e"
HOSTILE_TITLE = "Viktig!\r\nDitt passord utløper. Gå til www.evil.example" + "\u200b" + "x" * 130
EMAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "emails"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Kari Nordmann", "Kari Nordmann"),
        ("Kafé: en start i Ås", "Kafé: en start i Ås"),
        ("Versjon 2.0 av St. Olav", "Versjon 2.0 av St. Olav"),
        ("Hei\n\nKlikk her", "Hei Klikk her"),
        ("abc\u202egnp.exe", "abc gnp[.]exe"),
        ("null\x00byte\x85og\u2028mer", "null byte og mer"),
        ("Se https://evil.example/x", "Se https[:]//evil[.]example/x"),
        ("Skriv til mailto:ola@evil.no", "Skriv til mailto[:]ola@evil[.]no"),
        ("JavaScript:alert(1)", "JavaScript[:]alert(1)"),
    ],
)
def test_typed_text_is_one_plain_line_without_links(typed, shown):
    assert as_data(typed) == shown
    assert quoted(typed) == f"«{shown}»"


def test_typed_text_is_bounded():
    shown = as_data("ord " * 1000)
    assert len(shown) == TYPED_MAX_CHARS
    assert shown.endswith("…")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize(
    "template", sorted({path.name.rsplit("_", 1)[0] for path in EMAIL_TEMPLATES.glob("*.txt")})
)
def test_every_email_template_shows_typed_text_only_as_data(template, language):
    typed = {"title": HOSTILE_TITLE, "submitter_name": HOSTILE_NAME}
    context = {
        "submission": typed,
        "person": {"name": HOSTILE_NAME},
        "case_title": HOSTILE_TITLE,
        "call": {"display_title": "Utlysning 2026"},
        "link": "http://127.0.0.1:8000/lenke/",
        "deadline": timezone.now(),
        "pitch_deadline": timezone.now(),
        "details_changed": True,
        "publish_consent": True,
    }
    with translation.override(language):
        for part in ("subject", "body"):
            shown = render_to_string(f"emails/{template}_{part}.txt", context)
            assert "evil.example" not in shown, part
            assert "\u202e" not in shown
            assert "\u200b" not in shown
            assert "x" * (TYPED_MAX_CHARS + 1) not in shown


@pytest.mark.django_db
def test_a_hostile_name_and_title_reach_the_mails_only_as_quoted_data(
    call, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_submission(call, title=HOSTILE_TITLE, submitter_name=HOSTILE_NAME)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    # The sender's confirmation, and the invitation to the contact person they named.
    assert set(by_recipient) == {"sub@example.no", "municipality@example.no"}
    for message in mail.outbox:
        for part in (message.subject, message.body):
            assert "http://evil" not in part
            assert "www.evil" not in part
            assert "evil.example" not in part
            assert "\u202e" not in part
            assert "\u200b" not in part
            assert "x" * (TYPED_MAX_CHARS + 1) not in part
        assert "«Viktig! Ditt passord utløper. Gå til www[.]evil[.]example" in message.subject
        assert "\n" not in message.subject
    greeting = "Hei, «Kari Klikk her: http[:]//evil[.]example/logg-inn»!"
    assert by_recipient["sub@example.no"].body.startswith(greeting)
    invitation = by_recipient["municipality@example.no"].body
    assert "«Kari Klikk her: http[:]//evil[.]example/logg-inn» har sendt" in invitation
