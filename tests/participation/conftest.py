import pytest

from submissions import services
from submissions.workflow import State, transition
from tests.factories import make_submission
from tests.publishing.factories import editor_user


@pytest.fixture
def published(call, clock):
    """A published case, which readers can give input on."""
    submission = make_submission(call)
    services.save_writeup(submission, answers={}, fields={}, submit=True)
    for target in (State.IN_REVIEW, State.APPROVED, State.PUBLISHED):
        transition(submission, target, by=editor_user())
    return submission
