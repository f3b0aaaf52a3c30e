import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from submissions import services
from submissions.models import Consent, Person, Submission
from tests.factories import PITCH_DEADLINE, pitch_post_data

pytestmark = pytest.mark.django_db

PITCH_URL = "/send-inn/"


def post_pitch(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(PITCH_URL, pitch_post_data(**overrides))


def test_pitch_form_shows_every_municipality_grouped_by_county(client, call, clock):
    response = client.get(PITCH_URL)
    assert response.status_code == 200
    html = response.content.decode()
    # 357 checkboxes (the form without JavaScript) and the combobox's one <select>.
    assert html.count('<input type="checkbox" class="ds-input" name="municipalities"') == 357
    assert html.count('<select name="municipalities" multiple hidden disabled') == 1
    assert "<summary>Nordland - Nordlánnda</summary>" in html
    # The combobox offers every municipality with its county (names repeat after 2024).
    assert html.count("<u-option ") == 357
    assert '">Herøy (Møre og Romsdal)</u-option>' in html
    assert '">Herøy (Nordland - Nordlánnda)</u-option>' in html


def test_valid_pitch_is_saved_with_parties_and_people(
    client, call, clock, django_capture_on_commit_callbacks
):
    response = post_pitch(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:pitch_sent")
    submission = Submission.objects.get()
    assert submission.state == Submission.State.PITCH_RECEIVED
    assert submission.language == "nb"
    assert [m.number for m in submission.municipalities.all()] == ["0301"]
    assert [(e.name, e.org_number) for e in submission.enterprises.all()] == [
        ("Grønn Start AS", "974760673")
    ]
    people = {p.side: p for p in submission.people.all()}
    assert set(people) == {"municipality", "enterprise"}
    assert people["enterprise"].is_submitter is True
    assert people["enterprise"].participation == Person.Participation.CONFIRMED
    assert people["municipality"].participation == Person.Participation.PENDING
    assert people["enterprise"].current_consents() == {"web": True, "book": True, "contact": False}
    assert people["municipality"].current_consents() == {}


def test_pitch_mails_the_submitter_a_link_and_invites_the_other_contact(
    client, call, clock, django_capture_on_commit_callbacks
):
    post_pitch(client, django_capture_on_commit_callbacks)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["kari@example.no", "ola@example.no"]
    confirmation = next(m for m in mail.outbox if m.to == ["kari@example.no"])
    assert re.search(r"http://127\.0\.0\.1:8000/send-inn/lenke/[\w-]{43}/", confirmation.body)
    assert "21. september 2026" in confirmation.body


def test_pitch_in_english_is_stored_with_its_language_and_mailed_in_english(
    client, call, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en" + PITCH_URL, pitch_post_data())
    assert Submission.objects.get().language == "en"
    confirmation = next(m for m in mail.outbox if m.to == ["kari@example.no"])
    assert confirmation.subject.startswith("We have received your pitch")
    assert "/en/send-inn/lenke/" in confirmation.body


def test_invalid_pitch_keeps_everything_typed_and_shows_errors_by_the_fields(client, call, clock):
    response = client.post(
        PITCH_URL,
        pitch_post_data(**{"enterprises-0-org_number": "123456789", "municipalities": None}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert Submission.objects.count() == 0
    assert 'value="Kafé som arbeidstrening"' in html
    assert "Kommunen og en sosial entreprenør driver en kafé der unge får arbeidstrening." in html
    assert 'id="error-summary"' in html
    assert 'href="#id_municipalities_0_0"' in html
    assert (
        'aria-describedby="id_enterprises-0-org_number_helptext id_enterprises-0-org_number_error"'
        in html
    )
    assert 'value="123456789"' in html


def test_pitch_requires_the_publication_agreement(client, call, clock):
    response = client.post(PITCH_URL, pitch_post_data(**{"agreement-accept": None}))
    assert response.status_code == 200
    assert Submission.objects.count() == 0
    assert "You must agree before you can send the pitch." in response.content.decode() or (
        "agreement-accept_error" in response.content.decode()
    )


def test_other_form_of_collaboration_needs_a_description(client, call, clock):
    response = client.post(PITCH_URL, pitch_post_data(collaboration_form="other"))
    assert response.status_code == 200
    assert 'id="id_collaboration_form_other_error"' in response.content.decode()


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (PITCH_DEADLINE - dt.timedelta(minutes=1), True),
        (PITCH_DEADLINE, True),
        (PITCH_DEADLINE + dt.timedelta(seconds=30), True),
        (PITCH_DEADLINE + dt.timedelta(seconds=59), True),
        (PITCH_DEADLINE + dt.timedelta(minutes=1), False),
    ],
)
def test_pitch_deadline_holds_to_the_minute_in_oslo(client, call, clock, moment, accepted):
    clock.move_to(moment)
    response = client.post(PITCH_URL, pitch_post_data())
    assert Submission.objects.exists() is accepted
    if not accepted:
        html = response.content.decode()
        assert response.status_code == 200
        assert "15. september 2026 23:59" in html
        assert 'value="Kafé som arbeidstrening"' in html


def test_closed_call_says_so_on_the_form(client, call, clock):
    clock.move_to(PITCH_DEADLINE + dt.timedelta(minutes=1))
    html = client.get(PITCH_URL).content.decode()
    assert "Utlysningen er stengt" in html or "The call is closed" in html


def test_honeypot_pretends_success_and_saves_nothing(client, call, clock):
    response = client.post(PITCH_URL, pitch_post_data(homepage="http://spam.example"))
    assert response.status_code == 302
    assert Submission.objects.count() == 0


def test_rate_limit_refuses_with_a_message_and_keeps_the_text(client, call, clock, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pitch": 2}
    for _ in range(2):
        assert client.post(PITCH_URL, pitch_post_data()).status_code == 302
    response = client.post(PITCH_URL, pitch_post_data(title="Den tredje"))
    assert response.status_code == 429
    assert 'value="Den tredje"' in response.content.decode()
    assert Submission.objects.count() == 2


def test_submitter_who_is_not_a_contact_gets_a_person_of_their_own(client, call, clock):
    client.post(PITCH_URL, pitch_post_data(submitter_email="sekretar@example.no"))
    people = Submission.objects.get().people.order_by("side")
    assert [(p.side, p.is_submitter) for p in people] == [
        ("enterprise", False),
        ("municipality", False),
        ("submitter", True),
    ]
    assert Consent.objects.filter(person__side="submitter", granted=True).count() == 2


def test_an_incomplete_pitch_after_the_deadline_says_the_call_closed_first(client, call, clock):
    clock.move_to(PITCH_DEADLINE + dt.timedelta(minutes=1))
    response = client.post(PITCH_URL, pitch_post_data(summary=""))
    summary = response.context["group"].error_summary()
    assert response.status_code == 200
    assert "15. september 2026 23:59" in summary[0][1]
    assert len(summary) > 1  # and what to fix
    assert Submission.objects.count() == 0


def test_the_service_refuses_a_pitch_after_the_deadline(call, clock):
    clock.move_to(PITCH_DEADLINE + dt.timedelta(minutes=1))
    with pytest.raises(services.PitchDeadlinePassed):
        services.create_pitch(
            call,
            fields={"title": "Sent"},
            municipalities=[],
            enterprises=[],
            contacts={},
            submitter_consents={},
            language="nb",
        )
    assert Submission.objects.count() == 0
