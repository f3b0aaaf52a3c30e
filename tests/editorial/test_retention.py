"""Retention: `manage.py apply_retention` erases exactly what has passed its period, and never
a published case (issue 16)."""

import datetime as dt
import io

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

import publisher
from common.models import RateLimitEvent
from editorial.models import RetentionRun
from editorial.retention import apply_retention, kokebok_retention_periods
from editorial.services import delete_cases
from participation.models import Input, Moderation, Tool
from publisher.services import save_publisher
from submissions import emails
from submissions.models import Erasure, Person, Submission
from submissions.workflow import State, transition
from tests.factories import OSLO, WRITEUP_DEADLINE, add_photo, make_case, make_editor, make_input

DAY = dt.timedelta(days=1)
ENDED = dt.datetime(2026, 10, 1, 12, 0, tzinfo=OSLO)  # when the cases below were turned down


@pytest.fixture(autouse=True)
def _periods(db):
    """The periods as the publisher set them on their page in the admin."""
    row = publisher.current()
    row.retention_unpublished_days = 30
    row.retention_input_days = 20
    row.retention_email_tasks_days = 7
    row.retention_log_days = 10
    save_publisher(row)


def rejected_case(call, clock, **fields):
    clock.move_to(ENDED)
    return make_case(call, state=State.REJECTED, submitter_email="avvist@example.no", **fields)


def queued_email(recipient: str, text: str = "") -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.READY,
        args_kwargs={"args": ["input_answered", recipient, "nb", {"text": text}], "kwargs": {}},
        task_path="common.tasks.send_email",
        backend_name="default",
        run_after=ENDED,
    )


def test_the_periods_come_from_the_publishers_page():
    periods = kokebok_retention_periods()
    assert (periods.unpublished_days, periods.input_days) == (30, 20)
    assert (periods.email_tasks_days, periods.log_days) == (7, 10)


def test_a_rejected_case_stays_a_day_before_its_period_and_goes_a_day_after(
    call, clock, django_capture_on_commit_callbacks
):
    case = add_photo(rejected_case(call, clock), alt="Et bilde")
    people = list(case.people.values_list("pk", flat=True))
    assert default_storage.exists(case.photo.name)

    clock.move_to(ENDED + 29 * DAY)
    run = apply_retention()
    assert Submission.objects.filter(pk=case.pk).exists()
    assert run.counts["cases_rejected"] == 0

    clock.move_to(ENDED + 31 * DAY)
    with django_capture_on_commit_callbacks(execute=True):  # files go once it has committed
        run = apply_retention()
    assert not Submission.objects.filter(pk=case.pk).exists()
    assert not Submission.history.filter(id=case.pk).exists()
    assert not Person.history.filter(id__in=people).exists()
    assert not default_storage.exists(case.photo.name)
    # Through the editors' own erasure, which the book's warning on frozen editions reads.
    erased = Erasure.objects.filter(reason="retention")
    assert sorted(erased.values_list("person_id", flat=True)) == sorted(people)
    assert run.counts["cases_rejected"] == 1
    assert run.counts["people_erased"] == 2
    assert run.counts["files"] == 1


def test_the_period_counts_from_when_the_case_was_turned_down(call, clock):
    """A case rejected late is kept the whole period from its rejection."""
    clock.move_to(ENDED - 40 * DAY)
    case = make_case(call, state=State.IN_REVIEW)
    clock.move_to(ENDED)
    transition(case, State.REJECTED, by=make_editor())
    clock.move_to(ENDED + 29 * DAY)
    apply_retention()
    assert Submission.objects.filter(pk=case.pk).exists()


def test_a_published_case_never_goes_and_keeps_its_contacts(call, clock):
    clock.move_to(ENDED)
    published = make_case(call, state=State.PUBLISHED)
    contacts = list(published.people.values_list("name", "email", "phone"))
    in_review = make_case(call, state=State.IN_REVIEW, title="Til vurdering")

    clock.move_to(ENDED + 3000 * DAY)
    run = apply_retention()

    assert list(published.people.values_list("name", "email", "phone")) == contacts
    assert Submission.objects.filter(pk=in_review.pk).exists()
    assert not Erasure.objects.exists()
    assert run.counts["cases_rejected"] == run.counts["people_erased"] == 0


def test_a_withdrawn_case_goes_after_the_period(call, clock):
    clock.move_to(ENDED)
    case = make_case(call, state=State.WITHDRAWN)
    clock.move_to(ENDED + 31 * DAY)
    run = apply_retention()
    assert not Submission.objects.filter(pk=case.pk).exists()
    assert run.counts["cases_withdrawn"] == 1


def test_an_abandoned_pitch_goes_once_the_write_up_deadline_is_a_period_old(call, clock):
    pitch = make_case(call, state=State.PITCH_RECEIVED)
    extended = make_case(call, state=State.PITCH_RECEIVED, title="Forlenget")
    Submission.objects.filter(pk=extended.pk).update(
        writeup_extended_until=WRITEUP_DEADLINE + 10 * DAY
    )

    clock.move_to(WRITEUP_DEADLINE + 29 * DAY)
    apply_retention()
    assert Submission.objects.filter(pk=pitch.pk).exists()

    clock.move_to(WRITEUP_DEADLINE + 31 * DAY)
    run = apply_retention()
    assert not Submission.objects.filter(pk=pitch.pk).exists()
    assert Submission.objects.filter(pk=extended.pk).exists()  # its deadline came later
    assert run.counts["pitches_abandoned"] == 1


def test_the_queued_emails_and_admin_log_of_an_erased_case_go_with_it(
    call, clock, tasks_in_database, django_capture_on_commit_callbacks
):
    case = rejected_case(call, clock)
    with django_capture_on_commit_callbacks(execute=True):
        emails.send_new_link(case, "token")
    LogEntry.objects.log_actions(
        user_id=make_editor().pk, queryset=[case], action_flag=CHANGE, change_message="x"
    )
    assert DBTaskResult.objects.filter(args_kwargs__icontains="avvist@example.no").exists()

    clock.move_to(ENDED + 31 * DAY)
    apply_retention()

    assert not DBTaskResult.objects.filter(args_kwargs__icontains="avvist@example.no").exists()
    case_type = ContentType.objects.get_for_model(Submission)
    assert not LogEntry.objects.filter(content_type=case_type, object_id=str(case.pk)).exists()


def test_a_dry_run_changes_nothing_and_records_what_would_go(call, clock):
    case = rejected_case(call, clock)
    make_input("Ola Leser")
    RateLimitEvent.objects.create(scope="pitch", client="abc", created_at=ENDED)
    names = list(case.people.values_list("name", flat=True))
    history = Submission.history.filter(id=case.pk).count()

    clock.move_to(ENDED + 31 * DAY)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)

    assert Submission.objects.filter(pk=case.pk).exists()
    assert list(case.people.values_list("name", flat=True)) == names
    assert Submission.history.filter(id=case.pk).count() == history
    assert Input.objects.count() == 1
    assert RateLimitEvent.objects.count() == 1
    assert not Erasure.objects.exists()
    run = RetentionRun.objects.get()
    assert run.dry_run is True
    assert run.counts["cases_rejected"] == 1
    assert run.counts["inputs"] == 1
    assert run.counts["rate_limit_events"] == 1
    assert f"would erase case {case.pk} (cases_rejected)" in out.getvalue()
    assert "Would erase cases rejected: 1" in out.getvalue()
    assert "Dry run: nothing was changed." in out.getvalue()


def test_the_record_is_anonymous_and_holds_the_counts(call, clock):
    case = rejected_case(call, clock)
    clock.move_to(ENDED + 31 * DAY)
    out = io.StringIO()
    call_command("apply_retention", stdout=out)

    run = RetentionRun.objects.get()
    assert run.dry_run is False
    assert run.ran_at == ENDED + 31 * DAY
    assert run.periods == {
        "unpublished_days": 30,
        "input_days": 20,
        "email_tasks_days": 7,
        "log_days": 10,
    }
    assert run.counts["cases_rejected"] == 1
    assert run.counts["people_erased"] == 2
    record = str(run.counts) + str(run.periods)
    assert case.title not in record
    assert "avvist@example.no" not in record
    assert "Erased cases rejected: 1" in out.getvalue()


def test_readers_input_not_published_goes_after_its_period(db, clock):
    clock.move_to(ENDED)
    waiting = make_input("Ola Venter")
    public = make_input("Kari Offentlig", status=Moderation.APPROVED, publish_consent=True)
    private = make_input("Per Privat", status=Moderation.APPROVED, publish_consent=False)
    suggested = Tool.objects.create(
        title="Forslag", description="x", link="https://x.example/", suggested_by_email="f@x.no"
    )
    editors_draft = Tool.objects.create(title="Utkast", description="x", link="https://y.example/")
    to_waiting = queued_email("ola@example.no")
    to_public = queued_email("kari@example.no", text="Ola sa noe lurt.")

    clock.move_to(ENDED + 19 * DAY)
    apply_retention()
    assert Input.objects.count() == 3

    clock.move_to(ENDED + 21 * DAY)
    run = apply_retention()
    assert list(Input.objects.all()) == [public]
    assert not Input.history.filter(id__in=[waiting.pk, private.pk]).exists()
    assert list(Tool.objects.all()) == [editors_draft]
    assert not Tool.history.filter(id=suggested.pk).exists()
    assert (run.counts["inputs"], run.counts["tools"]) == (2, 1)
    assert not DBTaskResult.objects.filter(pk=to_waiting.pk).exists()
    to_public.refresh_from_db()
    assert to_public.args_kwargs["args"][3] == {"text": "Ola sa noe lurt."}  # not rewritten


def test_finished_tasks_logs_and_expired_sessions_go_after_their_periods(db, clock):
    clock.move_to(ENDED)
    finished = DBTaskResult.objects.create(
        status=TaskResultStatus.SUCCESSFUL,
        finished_at=ENDED,
        args_kwargs={"args": ["x", "a@example.no"], "kwargs": {}},
        task_path="common.tasks.send_email",
        backend_name="default",
        run_after=ENDED,
    )
    waiting = DBTaskResult.objects.create(
        status=TaskResultStatus.READY,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="common.tasks.send_email",
        backend_name="default",
        run_after=ENDED,
    )
    RateLimitEvent.objects.create(scope="pitch", client="abc", created_at=ENDED)
    AccessAttempt.objects.create(
        username="redaktor",
        ip_address="192.0.2.1",
        user_agent="x",
        attempt_time=ENDED,
        failures_since_start=1,
        get_data="",
        post_data="",
        http_accept="",
        path_info="",
    )
    session = SessionStore()
    session["kept"] = "tekst"
    session.set_expiry(DAY)
    session.save()

    clock.move_to(ENDED + 6 * DAY)
    run = apply_retention()
    assert DBTaskResult.objects.count() == 2
    assert RateLimitEvent.objects.count() == 1
    assert run.counts["sessions"] == 1
    # A failed sign-in counts for its cool-off only.
    assert not AccessAttempt.objects.exists()
    assert run.counts["sign_in_failures"] == 1

    clock.move_to(ENDED + 11 * DAY)
    run = apply_retention()
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert not DBTaskResult.objects.filter(pk=finished.pk).exists()
    assert not RateLimitEvent.objects.exists()
    assert run.counts["rate_limit_events"] == 1


def test_the_task_worker_can_run_it_every_night(db, clock, tasks_in_database, worker):
    clock.move_to(ENDED)
    out = io.StringIO()
    call_command("apply_retention", "--schedule", stdout=out)
    call_command("apply_retention", "--schedule", stdout=out)  # safe to repeat
    waiting = DBTaskResult.objects.filter(task_path="editorial.tasks.apply_retention_daily")
    assert waiting.count() == 1
    assert "already queued" in out.getvalue()
    first = waiting.get().run_after
    assert first == dt.datetime(2026, 10, 2, 3, 40, tzinfo=OSLO)

    worker()  # too early: nothing runs
    assert not RetentionRun.objects.exists()
    clock.move_to(first + dt.timedelta(minutes=1))
    worker()

    assert RetentionRun.objects.filter(dry_run=False).count() == 1
    following = waiting.filter(status=TaskResultStatus.READY).get()
    assert following.run_after == first + DAY


def test_scheduling_needs_a_backend_that_can_wait(db):
    with pytest.raises(CommandError, match="TASKS_BACKEND=database"):
        call_command("apply_retention", "--schedule")


def test_editors_read_the_runs_in_words(editor_client):
    RetentionRun.objects.create(
        dry_run=False, periods={}, counts={"cases_rejected": 2, "people_erased": 4, "files": 0}
    )
    page = editor_client.get("/admin/editorial/retentionrun/", HTTP_ACCEPT_LANGUAGE="nb")
    assert page.status_code == 200
    assert "avviste eksempler: 2; personer slettet: 4" in page.content.decode()
    assert "filer: 0" not in page.content.decode()


def test_the_history_of_a_case_an_editor_deleted_goes_after_the_period(
    call, clock, django_capture_on_commit_callbacks
):
    clock.move_to(ENDED)
    kept = make_case(call, state=State.PUBLISHED, title="Publisert")
    deleted = add_photo(make_case(call, state=State.IN_REVIEW, title="Slettet"), alt="Bilde")
    people = list(deleted.people.values_list("pk", flat=True))
    delete_cases(Submission.objects.filter(pk=deleted.pk))  # history and photo stay behind
    assert Submission.history.filter(id=deleted.pk).exists()

    clock.move_to(ENDED + 29 * DAY)
    apply_retention()
    assert Person.history.filter(id__in=people).exists()

    clock.move_to(ENDED + 31 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        run = apply_retention()
    assert not Submission.history.filter(id=deleted.pk).exists()
    assert not Person.history.filter(id__in=people).exists()
    assert not default_storage.exists(deleted.photo.name)
    assert Submission.history.filter(id=kept.pk).exists()  # a case that exists keeps its own
    assert run.counts["history_of_deleted"] >= 1 + len(people)
    assert run.counts["files"] == 1
