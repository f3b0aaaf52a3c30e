"""Mail is written with the data: with the database task backend the e-mail's row is written in
the same transaction as the change, so it commits or rolls back with it; with the immediate
backend the e-mail still waits for the commit."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from submissions import links
from submissions.models import AccessToken
from tests.factories import make_submission

pytestmark = pytest.mark.django_db


class Crash(Exception):
    """What goes wrong after the mail was queued and before the change commits."""


def ask_for_new_link_then_crash():
    with pytest.raises(Crash):
        _new_link_then_crash()


@transaction.atomic
def _new_link_then_crash():
    assert links.send_new_links("sub@example.no") == 1
    raise Crash


def queued_mails():
    return [
        row.args_kwargs["args"][:2]
        for row in DBTaskResult.objects.filter(task_path__contains="send_email")
    ]


def test_a_rolled_back_change_leaves_no_queued_mail(submission, tasks_in_database):
    tokens = AccessToken.objects.count()
    ask_for_new_link_then_crash()
    assert AccessToken.objects.count() == tokens
    assert queued_mails() == []


def test_a_rolled_back_change_sends_nothing_with_the_immediate_backend(
    submission, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_new_link_then_crash()
    assert mail.outbox == []


def test_the_mail_row_is_written_in_the_transaction_of_the_change(
    submission, tasks_in_database, django_capture_on_commit_callbacks
):
    # No commit hook runs: the row must not depend on one.
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        links.send_new_links("sub@example.no")
        assert queued_mails() == [["new_link", "sub@example.no"]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_crash_after_the_commit_cannot_lose_the_mail(
    call, tasks_in_database, worker, monkeypatch
):
    make_submission(call)
    DBTaskResult.objects.all().delete()  # the pitch's own mails
    # The process dies as the transaction commits, before any commit hook runs.
    monkeypatch.setattr(transaction, "on_commit", lambda *args, **kwargs: None)
    links.send_new_links("sub@example.no")
    assert queued_mails() == [["new_link", "sub@example.no"]]

    worker()

    assert [m.to for m in mail.outbox] == [["sub@example.no"]]
