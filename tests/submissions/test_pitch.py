import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from book.selectors import book_contacts
from common.abuse import HONEYPOT_FIELD
from submissions import services
from submissions.models import Consent, Person, Submission
from submissions.pitch_forms import ShortPitchForm
from tests.factories import PITCH_DEADLINE, pitch_post_data
from tests.submissions.test_consent import publish

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


def test_the_short_pitch_has_nine_controls_and_no_more_than_ten(call):
    """The bound fields a person sees and fills in (the browser test counts them on the page)."""
    form = ShortPitchForm(pitch_post_data())
    assert form.is_valid(), form.errors
    visible = [bound.name for bound in form if not bound.is_hidden and bound.name != HONEYPOT_FIELD]
    assert visible == [
        "title",
        "summary",
        "municipalities",
        "submitter_name",
        "submitter_email",
        "enterprise_name",
        "org_number",
        "submitter_side",
        "accept",
    ]
    assert len(visible) <= 10
    assert [f.name for f in form.hidden_fields()] == ["form_key"]


def test_valid_pitch_is_saved_with_its_enterprise_and_the_sender_as_contact(
    client, call, clock, django_capture_on_commit_callbacks
):
    response = post_pitch(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:pitch_sent")
    submission = Submission.objects.get()
    assert submission.state == Submission.State.PITCH_RECEIVED
    assert submission.language == "nb"
    assert submission.collaboration_form == ""
    assert [m.number for m in submission.municipalities.all()] == ["0301"]
    assert [(e.name, e.org_number, e.website) for e in submission.enterprises.all()] == [
        ("Grønn Start AS", "974760673", "")
    ]
    [sender] = submission.people.all()
    assert (sender.side, sender.is_submitter, sender.name, sender.email) == (
        Person.Side.ENTERPRISE,
        True,
        "Kari Nordmann",
        "kari@example.no",
    )
    assert sender.participation == Person.Participation.CONFIRMED


def test_the_senders_consent_to_publishing_is_not_asked_so_nothing_of_them_shows(
    client, call, clock, editor, django_capture_on_commit_callbacks
):
    post_pitch(client, django_capture_on_commit_callbacks, submitter_name="Kari Avsender")
    submission = Submission.objects.get()
    [sender] = submission.people.all()
    assert Consent.objects.count() == 0
    assert [sender.may_show_contact(purpose) for purpose in ("web", "book", "contact")] == [
        False,
        False,
        False,
    ]
    # Published as it is: the case page and the book show no contact of theirs.
    publish(submission, editor)
    page = client.get(f"/en/eksempler/{submission.slug}/").content.decode()
    assert "Kafé som arbeidstrening" in page
    assert "Kari Avsender" not in page
    assert "kari@example.no" not in page
    assert book_contacts(submission) == []


@pytest.mark.parametrize(
    ("side", "person_side"),
    [
        ("municipality", Person.Side.MUNICIPALITY),
        ("enterprise", Person.Side.ENTERPRISE),
        ("other", Person.Side.SUBMITTER),
    ],
)
def test_the_senders_side_makes_them_that_sides_contact_or_neither(
    client, call, clock, side, person_side
):
    client.post(PITCH_URL, pitch_post_data(submitter_side=side))
    people = list(Submission.objects.get().people.all())
    assert [(p.side, p.is_submitter) for p in people] == [(person_side, True)]


def test_a_side_that_is_not_offered_is_refused_with_what_to_do(client, call, clock):
    response = client.post("/en" + PITCH_URL, pitch_post_data(submitter_side="editor"))
    assert response.status_code == 200
    assert "Choose which side you are on." in response.content.decode()
    assert Submission.objects.count() == 0


def test_pitch_mails_the_sender_a_link_and_nobody_else(
    client, call, clock, django_capture_on_commit_callbacks
):
    post_pitch(client, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["kari@example.no"]]
    confirmation = mail.outbox[0]
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
    response = client.post(PITCH_URL, pitch_post_data(org_number="123456789", municipalities=None))
    assert response.status_code == 200
    html = response.content.decode()
    assert Submission.objects.count() == 0
    assert 'value="Kafé som arbeidstrening"' in html
    assert "Kommunen og en sosial entreprenør driver en kafé der unge får arbeidstrening." in html
    assert 'id="error-summary"' in html
    assert 'href="#id_municipalities_0_0"' in html
    assert 'aria-describedby="id_org_number_helptext id_org_number_error"' in html
    assert 'value="123456789"' in html


def test_pitch_requires_the_acceptance_of_how_personal_data_is_handled(client, call, clock):
    response = client.post("/en" + PITCH_URL, pitch_post_data(accept=None))
    assert response.status_code == 200
    assert Submission.objects.count() == 0
    html = response.content.decode()
    assert "Tick the box to say that you have read how we handle personal data." in html
    assert 'href="/en/personvern/"' in html


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


@pytest.mark.parametrize(
    ("prefix", "title"),
    [("", "Feil: Send inn et eksempel"), ("/nn", "Feil: "), ("/en", "Error: Send in an example")],
)
def test_the_page_title_starts_with_error_while_errors_are_shown(
    client, call, clock, prefix, title
):
    html = client.post(prefix + PITCH_URL, pitch_post_data(title="")).content.decode()
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1).startswith(title)
    fresh = client.get(prefix + PITCH_URL).content.decode()
    assert not re.search(r"<title>(.*?)</title>", fresh, re.S).group(1).startswith(title[:5])


def test_the_error_title_comes_from_any_page_with_a_form_group(client, db):
    html = client.post("/en/send-inn/ny-lenke/", {"email": "", "homepage": ""}).content.decode()
    assert "<title>Error: " in html
    assert "Write the e-mail address you sent the pitch from." in html
