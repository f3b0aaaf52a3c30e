import pytest

from submissions.models import StateChange
from submissions.workflow import (
    TRANSITIONS,
    State,
    TransitionNotAllowed,
    allowed_targets,
    transition,
)
from tests.factories import make_submission

pytestmark = pytest.mark.django_db


def test_every_state_is_reachable_and_published_only_through_approval():
    targets = {t.target for t in TRANSITIONS}
    assert targets | {State.PITCH_RECEIVED} == set(State.values)
    assert {t.source for t in TRANSITIONS if t.target == State.PUBLISHED} == {State.APPROVED}


def test_submitter_cannot_approve_or_publish(call, clock):
    submission = make_submission(call)
    with pytest.raises(TransitionNotAllowed):
        transition(submission, State.APPROVED)
    submission.refresh_from_db()
    assert submission.state == State.PITCH_RECEIVED
    assert StateChange.objects.count() == 0


def test_editor_transition_records_who_when_and_why_in_log_and_history(call, clock, editor):
    submission = make_submission(call)
    transition(submission, State.IN_REVIEW, by=editor, comment="Ser lovende ut")
    change = StateChange.objects.get()
    assert (change.from_state, change.to_state, change.by_user, change.comment) == (
        State.PITCH_RECEIVED,
        State.IN_REVIEW,
        editor,
        "Ser lovende ut",
    )
    latest = submission.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "pitch_received → in_review"


def test_editor_cannot_skip_review(call, clock, editor):
    submission = make_submission(call)
    with pytest.raises(TransitionNotAllowed):
        transition(submission, State.PUBLISHED, by=editor)


def test_allowed_targets_lists_the_editors_buttons(call, clock):
    submission = make_submission(call)
    assert [t.target for t in allowed_targets(submission, actor="editor")] == [
        State.IN_REVIEW,
        State.REJECTED,
        State.WITHDRAWN,
    ]
