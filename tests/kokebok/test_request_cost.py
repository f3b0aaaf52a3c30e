"""Issue 18, "cost before validation": no request makes the server do much more work, or send
back much more data, than an ordinary one."""

import pytest

from common import diff
from submissions.change_requests import text_changes
from tests.common.test_diff import _words, count_comparisons

pytestmark = pytest.mark.django_db


@pytest.fixture
def compared(monkeypatch):
    return count_comparisons(monkeypatch)


def test_the_copy_edits_of_every_long_answer_are_diffed_within_one_page_budget(
    submission, compared
):
    """The approval page and the editors' request show every changed text: rewritten answers of
    20,000 characters each are compared within the page's budget, the rest shown replaced."""
    keys = [str(question.pk) for question in submission.call.questions.all()]
    original = {"answers": {key: _words(3_000, seed=n)[:20_000] for n, key in enumerate(keys)}}
    edited = {"answers": {key: _words(3_000, seed=n + 50)[:20_000] for n, key in enumerate(keys)}}
    changes = text_changes(submission, original, edited)
    assert len(changes) == len(keys) >= 6
    assert sum(compared) <= diff.PAGE_COST
    for change in changes:
        assert f"<ins>{change['new']}</ins>" in change["diff"]
