"""The editors' action "Turn the selected input into pitches…"."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from participation import services
from participation.models import Moderation
from submissions.models import Submission
from tests.factories import BEFORE_DEADLINES, make_call, make_input

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/participation/input/"


@pytest.fixture(autouse=True)
def _admin_in_english(settings):
    # The admin has no language prefix, so it speaks the default language.
    settings.LANGUAGE_CODE = "en"


def run_action(client, items, **extra):
    data = {"action": "make_pitch", "_selected_action": [item.pk for item in items], **extra}
    return client.post(CHANGELIST, data, follow=True)


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_action_asks_for_an_open_call_then_makes_the_pitch_there(
    editor_client, call, clock, django_capture_on_commit_callbacks
):
    other = make_call(
        title="Andre runde",
        slug="andre",
        pitch_deadline=call.pitch_deadline + dt.timedelta(days=30),
        writeup_deadline=call.writeup_deadline + dt.timedelta(days=30),
    )
    make_call(
        title="Lukket runde",
        slug="lukket",
        pitch_deadline=BEFORE_DEADLINES - dt.timedelta(minutes=1),
        writeup_deadline=BEFORE_DEADLINES + dt.timedelta(days=1),
    )
    item = make_input(text="Vi driver en kafé\nMer tekst")

    confirm = run_action(editor_client, [item])
    page = confirm.content.decode()
    assert confirm.templates[0].name == "participation/make_pitch.html"
    assert "Lukket runde" not in page
    # The open calls, closing soonest first.
    assert page.index("Veier til nye samarbeid (pitches until") < page.index("Andre runde")
    assert Submission.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        done = run_action(editor_client, [item], apply="1", call=other.pk)
    assert shown_messages(done) == [
        "1 pitch made in “Andre runde”. Its writer gets an e-mail with a link to complete it."
    ]
    pitch = Submission.objects.get()
    item.refresh_from_db()
    assert (pitch.call, item.pitch, pitch.title) == (other, pitch, "Vi driver en kafé")
    assert [m.to for m in mail.outbox] == [["ola@example.no"]]


def test_spam_rejected_and_used_input_is_left_out_and_the_editor_is_told(
    editor_client, call, clock
):
    spam = make_input(status=Moderation.SPAM)
    rejected = make_input(status=Moderation.REJECTED)
    used = make_input()
    services.create_pitch_from_input(used, call=call, by=None)
    response = run_action(editor_client, [spam, rejected, used])
    assert shown_messages(response) == [
        "2 inputs are marked as spam or rejected, so no pitches are made from them.",
        "1 input has already been turned into a pitch, so it is left out.",
    ]
    assert Submission.objects.count() == 1


def test_the_confirmation_lists_only_usable_input_and_says_what_is_left_out(
    editor_client, call, clock
):
    good = make_input(text="En god idé")
    spam = make_input(text="Kjøp piller", status=Moderation.SPAM)
    page = run_action(editor_client, [good, spam]).content.decode()
    assert "En god idé" in page
    assert "Kjøp piller" not in page
    assert "1 input is marked as spam or rejected, so no pitch is made from it." in page
    assert re.findall(r'name="_selected_action" value="(\d+)"', page) == [str(good.pk)]


def test_without_an_open_call_no_pitch_is_made_and_the_editor_is_told_why(
    editor_client, call, clock
):
    clock.move_to(call.pitch_deadline + dt.timedelta(minutes=1))
    response = run_action(editor_client, [make_input()])
    assert shown_messages(response) == [
        "No call takes pitches now, so no pitch was made. First add a call whose pitch "
        "deadline is in the future, or move the deadline of one."
    ]
    assert Submission.objects.count() == 0


def test_a_call_that_closed_while_the_editor_chose_is_refused_on_the_page(
    editor_client, call, clock
):
    later = make_call(
        slug="senere",
        pitch_deadline=call.pitch_deadline + dt.timedelta(days=30),
        writeup_deadline=call.writeup_deadline + dt.timedelta(days=30),
    )
    clock.move_to(call.pitch_deadline + dt.timedelta(minutes=1))
    response = run_action(editor_client, [make_input()], apply="1", call=call.pk)
    assert response.templates[0].name == "participation/make_pitch.html"
    assert "Select a valid choice." in response.content.decode()
    assert later.title in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("status", [Moderation.SPAM, Moderation.REJECTED])
def test_the_service_refuses_spam_and_rejected_input(call, clock, status):
    with pytest.raises(services.PitchRefused):
        services.create_pitch_from_input(make_input(status=status), call=call, by=None)
    assert Submission.objects.count() == 0


def test_the_service_refuses_input_that_is_already_a_pitch_and_a_closed_call(call, clock):
    item = make_input()
    services.create_pitch_from_input(item, call=call, by=None)
    with pytest.raises(services.PitchRefused):
        services.create_pitch_from_input(item, call=call, by=None)
    with pytest.raises(services.PitchRefused):
        services.create_pitch_from_input(
            make_input(), call=call, by=None, now=call.pitch_deadline + dt.timedelta(minutes=1)
        )
    assert Submission.objects.count() == 1


def test_the_input_links_to_the_pitch_made_from_it(editor_client, call, clock):
    item = make_input()
    pitch = services.create_pitch_from_input(item, call=call, by=None)
    page = editor_client.get(f"{CHANGELIST}{item.pk}/change/").content.decode()
    url = reverse("admin:submissions_submission_change", args=[pitch.pk])
    assert f'<a href="{url}">{pitch}</a>' in page
