"""The rules of submissions.services that no page drives: the deadline reminders.

The services behind the forms are tested through their pages: the pitch in test_pitch.py, the
write-up in test_writeup.py, consent in test_consent.py; slug changes in
tests/publishing/test_addresses.py, the request to approve an edit in
tests/editorial/test_approval.py."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from submissions import services
from submissions.workflow import State, transition
from tests.factories import WRITEUP_DEADLINE, make_submission

pytestmark = pytest.mark.django_db


def test_reminder_goes_to_pitches_without_writeup_once_however_often_it_runs(
    call, clock, django_capture_on_commit_callbacks
):
    waiting = make_submission(call, submitter_email="waiting@example.no")
    done = make_submission(call, submitter_email="done@example.no")
    services.save_writeup(done, answers={}, fields={}, submit=True)
    clock.move_to(WRITEUP_DEADLINE - dt.timedelta(days=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", "--days", "3")
        call_command("send_deadline_reminders", "--days", "3")
    assert [m.to for m in mail.outbox] == [["waiting@example.no"]]
    assert "/send-inn/lenke/" in mail.outbox[0].body
    assert waiting.reminders.get().days_before == 3


def test_no_reminder_while_the_deadline_is_further_away(call, clock):
    make_submission(call)
    clock.move_to(WRITEUP_DEADLINE - dt.timedelta(days=3, minutes=1))
    assert services.send_deadline_reminders(days_before=3) == 0
    clock.move_to(WRITEUP_DEADLINE - dt.timedelta(days=3))
    assert services.send_deadline_reminders(days_before=3) == 1


def test_no_reminder_after_the_deadline_or_for_withdrawn_pitches(call, clock):
    withdrawn = make_submission(call, submitter_email="w@example.no")
    transition(withdrawn, State.WITHDRAWN)
    make_submission(call)
    clock.move_to(WRITEUP_DEADLINE + dt.timedelta(minutes=1))
    assert services.send_deadline_reminders(days_before=3) == 0


def test_a_second_reminder_days_closer_is_sent_once_too(call, clock):
    make_submission(call)
    clock.move_to(WRITEUP_DEADLINE - dt.timedelta(days=2))
    assert services.send_deadline_reminders(days_before=3) == 1
    clock.move_to(WRITEUP_DEADLINE - dt.timedelta(hours=12))
    assert services.send_deadline_reminders(days_before=1) == 1
    assert services.send_deadline_reminders(days_before=1) == 0
    assert services.send_deadline_reminders(days_before=3) == 0
