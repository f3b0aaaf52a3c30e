"""E-mails go through a task queued after the commit: a failing mail server fails the task,
never the request, and the database backend keeps the mail until a worker sends it."""

import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from common import emails
from common.tasks import RETRY_DELAYS, send_email
from submissions.models import Submission
from tests.factories import pitch_post_data

pytestmark = pytest.mark.django_db

PITCH_URL = "/send-inn/"


def post_pitch(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(PITCH_URL, pitch_post_data())


def test_email_is_queued_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        emails.send_after_commit("new_link", "kari@example.no", "nb", {"link": "x"})
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_email_context_must_be_plain_values(call):
    with pytest.raises(TypeError):
        emails.send_after_commit("new_link", "kari@example.no", "nb", {"call": call})


def test_pitch_is_saved_when_the_mail_server_refuses(
    client, call, clock, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingBackend"
    caplog.set_level(logging.INFO)
    response = post_pitch(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Submission.objects.count() == 1
    assert mail.outbox == []
    failures = [r.getMessage() for r in caplog.records if r.name == "kokebok.email"]
    assert sorted(failures) == [
        # The immediate backend of development cannot wait: the first failure is the last.
        "email_failed template=pitch_confirmation attempt=1 error=SMTPRecipientsRefused",
    ]
    # The refusal names the addresses; none of it reaches the logs or the tracebacks in them.
    assert "@example.no" not in caplog.text
    # The submitter is told the pitch is kept and the link will come, not that it came.
    thanks = client.get(response["Location"]).content.decode()
    assert "Pitchen din er lagret. Vi sender en e-post" in thanks
    assert "prøver vi igjen i flere timer" in thanks


def test_database_backend_keeps_the_mails_until_the_worker_sends_them(
    client, call, clock, tasks_in_database, worker, django_capture_on_commit_callbacks
):
    post_pitch(client, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1

    worker()

    assert [m.to[0] for m in mail.outbox] == ["kari@example.no"]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1


@pytest.fixture
def refusing_mail_server(settings, tasks_in_database):
    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingBackend"
    return settings


def enqueue_new_link():
    send_email.enqueue("new_link", "kari@example.no", "nb", {"link": "https://example.no/x"})


def statuses() -> list[str]:
    # Sorted: with the clock frozen, the tasks' enqueued_at are equal.
    return sorted(DBTaskResult.objects.values_list("status", flat=True))


def run_every_attempt(clock, worker):
    """Run the worker at the first attempt and then after each retry delay."""
    worker()
    for delay in RETRY_DELAYS:
        clock.shift(delay)
        worker()


def test_mail_is_tried_again_later_while_the_server_refuses(refusing_mail_server, clock, worker):
    enqueue_new_link()
    worker()
    assert statuses() == ["READY", "SUCCESSFUL"]  # the attempt ended; the next one waits
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == timezone.now() + RETRY_DELAYS[0]

    worker()  # too early: the retry waits for its time
    assert mail.outbox == []
    refusing_mail_server.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.shift(RETRY_DELAYS[0])
    worker()

    assert [m.to for m in mail.outbox] == [["kari@example.no"]]
    assert statuses() == ["SUCCESSFUL", "SUCCESSFUL"]


def test_mail_fails_for_good_after_the_last_attempt(refusing_mail_server, clock, worker, caplog):
    caplog.set_level(logging.WARNING, logger="kokebok.email")
    enqueue_new_link()
    run_every_attempt(clock, worker)

    attempts = len(RETRY_DELAYS) + 1
    assert statuses() == ["FAILED"] + ["SUCCESSFUL"] * (attempts - 1)
    failed = DBTaskResult.objects.failed().get()
    assert failed.exception_class_path == "common.tasks.EmailNotSent"
    assert "kari@example.no" not in failed.traceback
    assert caplog.messages[-1] == (
        f"email_failed template=new_link attempt={attempts} error=SMTPRecipientsRefused"
    )
    assert "kari@example.no" not in caplog.text


def test_retrying_failed_tasks_sends_the_mail_once(refusing_mail_server, clock, worker):
    enqueue_new_link()
    run_every_attempt(clock, worker)
    refusing_mail_server.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    call_command("retry_failed_tasks", verbosity=0)
    call_command("retry_failed_tasks", verbosity=0)
    worker()

    assert [m.to for m in mail.outbox] == [["kari@example.no"]]
    assert DBTaskResult.objects.failed().count() == 0


def test_failed_tasks_are_listed_in_the_admin(admin_client, refusing_mail_server, clock, worker):
    # A superuser: the task results (recipients and secret links in their arguments) are for
    # the operators, not in the editors' permissions (README: "superusers").
    enqueue_new_link()
    run_every_attempt(clock, worker)
    response = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert response.status_code == 200
    assert str(DBTaskResult.objects.failed().get().id) in response.content.decode()


def test_a_refused_pitch_confirmation_reaches_the_submitter_once_with_the_link(
    client, call, clock, refusing_mail_server, worker, caplog, django_capture_on_commit_callbacks
):
    """The real e-mails carry a deadline, which the task turns into a date-time to render: the
    retry must queue the task's own JSON context again, not that."""
    caplog.set_level(logging.INFO)
    post_pitch(client, django_capture_on_commit_callbacks)
    worker()
    assert DBTaskResult.objects.failed().count() == 0
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the mail waits to retry

    refusing_mail_server.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.shift(RETRY_DELAYS[0])
    worker()

    to_submitter = [m for m in mail.outbox if m.to == ["kari@example.no"]]
    assert len(to_submitter) == 1
    assert "/send-inn/lenke/" in to_submitter[0].body
    assert "@example.no" not in caplog.text
    assert all("@example.no" not in (t.traceback or "") for t in DBTaskResult.objects.all())
