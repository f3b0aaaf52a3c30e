"""The review list's "write-up deadline" filter follows the one rule for deadlines
(submissions.models.deadline_is_open): a deadline shown as 23:59 is open until 23:59:59."""

import datetime as dt

import pytest

from submissions.models import Submission, deadline_is_open
from tests.factories import WRITEUP_DEADLINE, make_submission

pytestmark = pytest.mark.django_db


def listed(client, value) -> set[str]:
    response = client.get("/admin/submissions/submission/", {"deadline": value})
    return {case.title for case in response.context["cl"].result_list}


@pytest.fixture
def cases(call, clock):
    on_time = make_submission(call, title="Fristen", submitter_email="a@example.no")
    extended = make_submission(call, title="Utsatt", submitter_email="b@example.no")
    extended.writeup_extended_until = WRITEUP_DEADLINE + dt.timedelta(days=2)
    extended.save(update_fields=["writeup_extended_until"])
    return [on_time, extended]


@pytest.mark.parametrize(
    ("moment", "open_titles"),
    [
        (WRITEUP_DEADLINE, {"Fristen", "Utsatt"}),
        (WRITEUP_DEADLINE + dt.timedelta(seconds=59), {"Fristen", "Utsatt"}),
        (WRITEUP_DEADLINE + dt.timedelta(minutes=1), {"Utsatt"}),
        (WRITEUP_DEADLINE + dt.timedelta(days=2, seconds=59), {"Utsatt"}),
        (WRITEUP_DEADLINE + dt.timedelta(days=2, minutes=1), set()),
    ],
)
def test_the_deadline_filter_holds_to_the_minute_in_oslo(
    editor_client, cases, clock, moment, open_titles
):
    clock.move_to(moment)
    assert listed(editor_client, "open") == open_titles
    assert listed(editor_client, "passed") == {"Fristen", "Utsatt"} - open_titles
    # The same answer as the rule every other deadline check uses.
    assert {
        case.title for case in Submission.objects.all() if deadline_is_open(case.editing_deadline)
    } == open_titles
