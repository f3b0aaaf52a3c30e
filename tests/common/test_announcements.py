"""One announcement per change readers can see (common.announcements): the search document is
written with the change, and the cached pages and the book hear of it once, after the commit."""

import logging

import pytest
from django.db import transaction

from common.announcements import announce_public_change, public_content_changed
from publishing.cache import current_generation
from publishing.models import SearchDocument
from submissions.models import Submission
from submissions.workflow import State, transition
from tests.factories import make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """The `submission_ids` of every `public_content_changed` sent during the test."""
    sent = []

    def listener(submission_ids, **_kwargs):
        sent.append(submission_ids)

    public_content_changed.connect(listener)
    yield sent
    public_content_changed.disconnect(listener)


def announce_and_roll_back(case):
    with transaction.atomic():
        announce_public_change(case)
        raise RuntimeError


@pytest.fixture
def cases(call, clock):
    return [make_submission(call, title=f"Sak {n}") for n in range(3)]


def test_many_changes_in_one_transaction_are_heard_once_after_the_commit(
    cases, heard, django_capture_on_commit_callbacks
):
    before = current_generation()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for case in cases:
            announce_public_change(case)
        announce_public_change()  # something that is no one case's
        assert (heard, current_generation()) == ([], before)  # nothing before the commit
    assert heard == [frozenset(case.pk for case in cases)]
    assert current_generation() == before + 1


def test_a_transaction_rolled_back_announces_nothing(
    cases, heard, django_capture_on_commit_callbacks
):
    before = current_generation()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        announce_and_roll_back(cases[0])
    assert (heard, current_generation()) == ([], before)


def test_a_savepoint_rolled_back_leaves_what_was_announced_before_it(
    cases, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        announce_public_change(cases[0])
        with pytest.raises(RuntimeError):
            announce_and_roll_back(cases[1])
    # The second case is heard too (announcing too much costs a page render, never a stale page).
    assert len(heard) == 1
    assert cases[0].pk in heard[0]


def test_a_change_announced_alone_in_a_savepoint_that_rolls_back_is_not_heard(
    cases, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(RuntimeError):
            announce_and_roll_back(cases[0])
        announce_public_change(cases[1])
    assert heard == [frozenset({cases[1].pk})]


def test_the_search_document_is_written_in_the_transaction_of_the_change(cases):
    """Not after the commit: the moment readers can see the change, search finds it."""
    case = cases[0]
    Submission.objects.filter(pk=case.pk).update(title="Ny overskrift")
    announce_public_change(case)  # the test's own transaction never commits
    assert SearchDocument.objects.get(submission=case).text.startswith("ny overskrift")


def test_a_listener_that_fails_is_logged_and_the_others_still_hear(
    cases, heard, caplog, django_capture_on_commit_callbacks
):
    def broken(**_kwargs):
        raise RuntimeError("broken listener")

    public_content_changed.connect(broken)
    try:
        before = current_generation()
        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            announce_public_change(cases[0])
    finally:
        public_content_changed.disconnect(broken)
    assert heard == [frozenset({cases[0].pk})]
    assert current_generation() == before + 1
    assert "public_change_listener_failed" in caplog.text


def test_a_publication_is_heard_once_with_its_case(
    cases, editor, heard, django_capture_on_commit_callbacks
):
    case = cases[0]
    for state in (State.IN_REVIEW, State.APPROVED):
        transition(case, state, by=editor)
    assert heard == []  # moves readers cannot see
    with django_capture_on_commit_callbacks(execute=True):
        transition(case, State.PUBLISHED, by=editor)
    assert heard == [frozenset({case.pk})]
