"""Every public form screens a POST the one way (common.forms.screen_post): a bot that fills the
honeypot is answered as if all went well and nothing is kept; a valid post does what it asks;
a client over its hourly limit gets the page again with its text and a message, as 429."""

from dataclasses import dataclass

import pytest
from django import forms as django_forms
from django.core import mail

from common.models import RateLimitEvent
from participation.models import Input, Tool
from submissions import links, services
from submissions.models import AccessToken, Consent, Person, Submission
from submissions.workflow import State, transition
from tests.factories import BEFORE_DEADLINES, make_submission, pitch_post_data

pytestmark = pytest.mark.django_db

INPUT = {
    "name": "Per Leser",
    "email": "per@example.no",
    "text": "Ta med et eksempel fra Finnmark.",
    "publish_consent": "on",
    "homepage": "",
}
TOOL = {
    "title": "Veileder",
    "link": "https://anskaffelser.example.no/veileder",
    "description": "Hvordan kjøpe fra sosiale entreprenører.",
    "audience": "municipality",
    "homepage": "",
}


@dataclass(frozen=True)
class PublicForm:
    scope: str  # its key in settings.RATE_LIMITS
    data: dict  # a valid post
    shown_again: str  # what of it the page shows again when it comes back
    done: object  # how many things posts have made (a callable)
    honeypot: bool = True


def published_case(call, editor):
    submission = make_submission(call)
    services.save_writeup(
        submission,
        answers={question.pk: "Et svar." for question in call.questions.all()},
        fields={},
        submit=True,
        now=BEFORE_DEADLINES,
    )
    for state in (State.IN_REVIEW, State.APPROVED, State.PUBLISHED):
        transition(submission, state, by=editor)
    return submission


@pytest.fixture
def forms(call, clock, editor):
    """(address, PublicForm) of every public form, with what each needs."""
    case = published_case(call, editor)
    contact = case.people.get(side=Person.Side.MUNICIPALITY)
    return {
        "pitch": (
            "/en/send-inn/",
            PublicForm(
                "pitch",
                pitch_post_data(title="Min egen tittel"),
                "Min egen tittel",
                Submission.objects.count,
            ),
        ),
        "new link": (
            "/en/send-inn/ny-lenke/",
            PublicForm(
                "new_link",
                {"email": case.submitter_email, "homepage": ""},
                case.submitter_email,
                AccessToken.objects.count,
            ),
        ),
        "consent": (
            f"/en/samtykke/{links.issue_consent_token(contact)}/",
            PublicForm(
                "consent",
                {"participates": "yes", "web": "on"},
                'name="participates"',  # the form again
                Consent.objects.filter(person=contact).count,
                honeypot=False,  # the page is behind the person's own secret link
            ),
        ),
        "input on the book": (
            "/en/innspill/",
            PublicForm("input", INPUT, INPUT["text"], Input.objects.count),
        ),
        "input on a case": (
            f"/en/eksempler/{case.slug}/innspill/",
            PublicForm("input", INPUT, INPUT["text"], Input.objects.count),
        ),
        "tool suggestion": (
            "/en/verktoy/foresla/",
            PublicForm("tool", TOOL, TOOL["description"], Tool.objects.count),
        ),
    }


FORM_NAMES = [
    "pitch",
    "new link",
    "consent",
    "input on the book",
    "input on a case",
    "tool suggestion",
]
ANSWERED_AS_DONE = {
    # How each form answers a post it acted on: a redirect, or (new link, consent) a page.
    "pitch": 302,
    "new link": 200,
    "consent": 200,
    "input on the book": 302,
    "input on a case": 302,
    "tool suggestion": 302,
}


# Counted per client, and per case (the sender's address, the contact person, the published
# case) for the forms that have one.
COUNTED_PER_CASE = {"pitch", "new link", "consent", "input on a case"}


@pytest.mark.parametrize("name", FORM_NAMES)
def test_a_valid_post_is_acted_on_and_counted(client, forms, name):
    address, form = forms[name]
    before = form.done()
    response = client.post(address, form.data)
    assert response.status_code == ANSWERED_AS_DONE[name]
    assert form.done() > before
    counted = RateLimitEvent.objects.filter(scope=form.scope).count()
    assert counted == (2 if name in COUNTED_PER_CASE else 1)


@pytest.mark.parametrize("name", [name for name in FORM_NAMES if name != "consent"])
def test_a_filled_honeypot_is_answered_as_if_all_went_well_and_nothing_is_kept(client, forms, name):
    address, form = forms[name]
    assert form.honeypot
    before, outbox = form.done(), len(mail.outbox)
    response = client.post(address, {**form.data, "homepage": "https://spam.example"})
    assert response.status_code == ANSWERED_AS_DONE[name]
    assert form.done() == before
    assert len(mail.outbox) == outbox
    assert "Too many" not in response.content.decode()
    assert RateLimitEvent.objects.count() == 0  # a bot's posts do not use up the limit


@pytest.mark.parametrize("name", FORM_NAMES)
def test_over_the_limit_the_page_comes_back_as_429_with_the_text_and_why(
    client, forms, settings, name
):
    address, form = forms[name]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, form.scope: 1}
    client.post(address, form.data)
    before = form.done()
    response = client.post(address, form.data)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many" in html
    assert form.shown_again in html
    assert form.done() == before


@pytest.mark.parametrize("name", FORM_NAMES)
def test_an_invalid_post_shows_the_form_again_and_counts_only_as_a_form_post(client, forms, name):
    address, form = forms[name]
    data = dict.fromkeys(form.data, "")
    response = client.post(address, data)
    assert response.status_code == 200
    assert response.context["group"].error_summary()
    # Not toward the form's own limit (a person correcting mistakes is not sending again)...
    assert not RateLimitEvent.objects.filter(scope=form.scope).exists()
    # ...but toward the limit on posts of any kind, counted before the form was validated.
    assert RateLimitEvent.objects.filter(scope="form_post").count() == 1


@pytest.mark.parametrize("name", FORM_NAMES)
def test_over_the_limit_on_form_posts_the_form_is_not_validated_and_the_text_is_kept(
    client, forms, settings, monkeypatch, name
):
    """Invalid posts cannot make the server validate without end: past the limit on posts of
    any kind the page comes back as 429 with what was typed, and no field is cleaned."""
    address, form = forms[name]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "form_post": 2}
    invalid = {
        **dict.fromkeys(form.data, ""),
        **{k: v for k, v in form.data.items() if k == "email"},
    }
    for _ in range(2):
        assert client.post(address, invalid).status_code == 200
    before = form.done()

    def no_cleaning(self):
        raise AssertionError(f"{type(self).__name__} was validated")

    monkeypatch.setattr(django_forms.BaseForm, "full_clean", no_cleaning)
    response = client.post(address, form.data)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many forms have been sent from your network" in html
    assert form.shown_again in html
    assert form.done() == before
