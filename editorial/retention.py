"""Retention enforced by the system: what has passed its period is erased, daily.

`apply_retention()` (run by `manage.py apply_retention`) finds, with the periods of
`kokebok_retention_periods()`:

- cases never published that have ended: rejected or withdrawn for longer than the period for
  unpublished cases, and *abandoned pitches* (still "pitch received", never written up, whose
  editing deadline, the call's write-up deadline or a later extension, passed longer ago than that
  period). Cases in the editors' hands (submitted, in review, changes requested, approved) and
  published cases are never touched;
- readers' input and suggested tools that are not published, received (or moderated) longer
  ago than the period for input;
- finished tasks (sent or failed e-mails, book builds) older than the period for e-mail tasks;
- rate-limit events and the admin's log entries older than the period for logs, sessions that
  have expired, and failed sign-ins (django-axes: user name, address) whose cool-off has passed;
- the history django-simple-history keeps of rows editors deleted (cases, people, input...),
  and the files only it still names, once the period of their kind has passed since it was
  last written.

A case goes with the editors' own erasure first (`erase_person` for every person in it: contact
data, history rows, secret links, the admin's log, queued e-mails, and the erasure log that the
book's warning about frozen editions reads), then its files, then the case with everything
that is its own, history included. Each run leaves an anonymous `RetentionRun` (counts per kind).
"""

import datetime as dt
import logging
from dataclasses import asdict, dataclass, field

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import DateTimeField, F, Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

import publisher
from common.models import RateLimitEvent
from editorial import orphan_files, services
from editorial.models import RetentionRun
from participation.models import Input, Moderation, Tool
from submissions import stored_files
from submissions.models import (
    Answer,
    EditApproval,
    Person,
    SocialEnterprise,
    Submission,
)

logger = logging.getLogger("kokebok.editorial")

State = Submission.State
ENDED_UNPUBLISHED = (State.REJECTED, State.WITHDRAWN)
# The kinds a run counts, in the order it prints them, with their names for the editors.
KIND_LABELS = {
    "cases_rejected": _("rejected examples"),
    "cases_withdrawn": _("withdrawn examples"),
    "pitches_abandoned": _("abandoned pitches"),
    "people_erased": _("people erased"),
    "files": _("files"),
    "inputs": _("readers' input"),
    "tools": _("suggested tools"),
    "tasks": _("finished tasks"),
    "rate_limit_events": _("counted posts (rate limits)"),
    "admin_log_entries": _("admin log entries"),
    "sessions": _("expired sessions"),
    "sign_in_failures": _("failed sign-ins"),
    "history_of_deleted": _("history of deleted rows"),
}
KINDS = tuple(KIND_LABELS)
# The models whose rows (and history rows) belong to one case.
CASE_PARTS = (Person, Answer, SocialEnterprise, EditApproval, Input)
# History outlives a row an editor deleted (django-simple-history keeps it): it goes once the
# period of its kind has passed since it was last written.
HISTORY_PERIODS = {
    Submission: "unpublished_days",
    Person: "unpublished_days",
    Answer: "unpublished_days",
    SocialEnterprise: "unpublished_days",
    EditApproval: "unpublished_days",
    Input: "input_days",
    Tool: "input_days",
}


@dataclass(frozen=True)
class RetentionPeriods:
    """How long, in days, each kind of personal data is kept after it stopped being needed."""

    unpublished_days: int
    input_days: int
    email_tasks_days: int
    log_days: int


def kokebok_retention_periods() -> RetentionPeriods:
    """The retention periods in force: the one place that reads them, from the publisher's
    page in the admin (the privacy notice states the same periods)."""
    row = publisher.current()
    return RetentionPeriods(
        unpublished_days=row.retention_unpublished_days,
        input_days=row.retention_input_days,
        email_tasks_days=row.retention_email_tasks_days,
        log_days=row.retention_log_days,
    )


@dataclass
class RetentionPlan:
    """What has passed its period at `now`: ids per kind, and each expired case's kind."""

    now: dt.datetime
    periods: RetentionPeriods
    cases: dict[int, str] = field(default_factory=dict)  # pk: kind
    inputs: list[int] = field(default_factory=list)
    tools: list[int] = field(default_factory=list)
    tasks: list = field(default_factory=list)
    rate_limit_events: int = 0
    admin_log_entries: int = 0
    sessions: int = 0
    sign_in_failures: int = 0
    history_of_deleted: dict = field(default_factory=dict)  # model: ids of rows deleted

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for kind in self.cases.values():
            counts[kind] += 1
        counts["people_erased"] = Person.objects.filter(submission_id__in=self.cases).count()
        counts["files"] = len(self.files())
        counts.update(
            inputs=len(self.inputs),
            tools=len(self.tools),
            tasks=len(self.tasks),
            rate_limit_events=self.rate_limit_events,
            admin_log_entries=self.admin_log_entries,
            sessions=self.sessions,
            sign_in_failures=self.sign_in_failures,
            history_of_deleted=sum(len(ids) for ids in self.history_of_deleted.values()),
        )
        return counts

    def files(self) -> set[str]:
        """The files of the expired cases, and those only deleted cases' history still names."""
        deleted = _case_files([], history_ids=self.history_of_deleted.get(Submission, []))
        still_used = Submission.objects.filter(
            Q(photo__in=deleted) | Q(attachment__in=deleted)
        ).values_list("photo", "attachment")
        return _case_files(self.cases) | (deleted - {name for row in still_used for name in row})


# --- What has passed its period ---


def plan_retention(*, now=None, periods: RetentionPeriods | None = None) -> RetentionPlan:
    """Find what has passed its period at `now`; changes nothing."""
    now = now or timezone.now()
    periods = periods or kokebok_retention_periods()
    plan = RetentionPlan(now=now, periods=periods)
    plan.cases = _expired_cases(now - dt.timedelta(days=periods.unpublished_days))
    input_cutoff = now - dt.timedelta(days=periods.input_days)
    plan.inputs = list(_unpublished_inputs(input_cutoff).values_list("pk", flat=True))
    plan.tools = list(_unpublished_tools(input_cutoff).values_list("pk", flat=True))
    plan.tasks = list(_finished_tasks(now - dt.timedelta(days=periods.email_tasks_days)))
    log_cutoff = now - dt.timedelta(days=periods.log_days)
    plan.rate_limit_events = RateLimitEvent.objects.filter(created_at__lt=log_cutoff).count()
    plan.admin_log_entries = _old_admin_log(log_cutoff).count()
    plan.sessions = Session.objects.filter(expire_date__lt=now).count()
    plan.sign_in_failures = _past_sign_in_failures(now).count()
    for model, period in HISTORY_PERIODS.items():
        cutoff = now - dt.timedelta(days=getattr(periods, period))
        if ids := _history_of_deleted(model, cutoff):
            plan.history_of_deleted[model] = ids
    return plan


def _expired_cases(cutoff: dt.datetime) -> dict[int, str]:
    """{pk: kind} of the cases never published that ended before `cutoff`."""
    ended = (
        Submission.objects.filter(state__in=ENDED_UNPUBLISHED)
        .annotate(
            # When it entered its present state; the last save for cases older than the log.
            ended_at=Coalesce(
                Max("state_changes__created_at", filter=Q(state_changes__to_state=F("state"))),
                F("updated_at"),
            )
        )
        .filter(ended_at__lt=cutoff)
        .values_list("pk", "state")
    )
    expired = {pk: f"cases_{state}" for pk, state in ended}
    # Abandoned: never written up, and the last moment the submitter could have is long past.
    abandoned = (
        Submission.objects.filter(state=State.PITCH_RECEIVED, writeup_submitted_at__isnull=True)
        .annotate(
            editing_ended=Greatest(
                F("call__writeup_deadline"),
                Coalesce(
                    F("writeup_extended_until"),
                    F("call__writeup_deadline"),
                    output_field=DateTimeField(),
                ),
            )
        )
        .filter(editing_ended__lt=cutoff)
        .values_list("pk", flat=True)
    )
    expired.update(dict.fromkeys(abandoned, "pitches_abandoned"))
    return expired


def _unpublished_inputs(cutoff: dt.datetime):
    """Input readers never see (waiting, rejected, spam, or approved without their consent to
    publish), received or last moderated before `cutoff`."""
    return (
        Input.objects.exclude(status=Moderation.APPROVED, publish_consent=True)
        .annotate(last_touched=Coalesce("moderated_at", "created_at"))
        .filter(last_touched__lt=cutoff)
    )


def _unpublished_tools(cutoff: dt.datetime):
    """Tools readers suggested (a name or address is kept) that were never approved."""
    return (
        Tool.objects.exclude(status=Moderation.APPROVED)
        .exclude(suggested_by_name="", suggested_by_email="")
        .filter(created_at__lt=cutoff)
    )


def _finished_tasks(cutoff: dt.datetime):
    finished = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    return DBTaskResult.objects.filter(status__in=finished, finished_at__lt=cutoff).values_list(
        "pk", flat=True
    )


def _past_sign_in_failures(now: dt.datetime):
    # Axes removes them itself only at the next sign-in; they count for the cool-off alone.
    return AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME)


def _old_admin_log(cutoff: dt.datetime):
    return LogEntry.objects.filter(action_time__lt=cutoff)


def _history_of_deleted(model, cutoff: dt.datetime) -> list[int]:
    """Ids of `model`'s deleted rows whose history was last written before `cutoff`."""
    return sorted(
        model.history.exclude(id__in=model.objects.values("pk"))
        .values("id")
        .annotate(last_written=Max("history_date"))
        .filter(last_written__lt=cutoff)
        .values_list("id", flat=True)
    )


def _case_files(case_ids, *, history_ids=None) -> set[str]:
    """Every photo and attachment the cases ever had (the history keeps replaced ones'
    names); `history_ids`: cases known only from their history."""
    rows = [
        *Submission.objects.filter(pk__in=list(case_ids)).values_list("photo", "attachment"),
        *Submission.history.filter(id__in=[*case_ids, *(history_ids or [])]).values_list(
            "photo", "attachment"
        ),
    ]
    return {name for row in rows for name in row if name}


# --- Erasing it ---


@transaction.atomic
def apply_retention(*, dry_run: bool = False, now=None, periods=None) -> RetentionRun:
    """Erase what has passed its period (unless `dry_run`) and record the run, in one
    transaction: the record says exactly what was erased, or nothing was.

    In order: plans; deletes the finished tasks; erases the expired cases, then the history
    of rows deleted long ago, the input and tools; deletes the old rate-limit events and log
    entries and the expired sessions; records the run's counts (a dry run records them too, as
    what would go). Files are deleted once the transaction has committed, so a rollback keeps
    them; then the media files no row points to (`orphan_files`).
    """
    plan = plan_retention(now=now, periods=periods)
    counts = plan.counts()
    if not dry_run:
        _erase(plan)
        # Files no row points to (a crash between a save and its file's deletion, say); robust:
        # a failure is logged and never stops the nightly task from queueing the next run.
        transaction.on_commit(lambda: orphan_files.remove_orphans(now=plan.now), robust=True)
    run = RetentionRun.objects.create(
        ran_at=plan.now, dry_run=dry_run, periods=asdict(plan.periods), counts=counts
    )
    logger.info(
        "retention_applied dry_run=%s %s",
        dry_run,
        " ".join(f"{kind}={count}" for kind, count in counts.items()),
    )
    return run


def _erase(plan: RetentionPlan) -> None:
    # The finished tasks first: each person's erasure reads every task that is left.
    DBTaskResult.objects.filter(pk__in=plan.tasks).delete()
    files = plan.files()
    _erase_cases(list(plan.cases))
    for model, ids in plan.history_of_deleted.items():
        model.history.filter(id__in=ids).delete()
    _erase_reader_rows(Input, plan.inputs, emails=("email",))
    _erase_reader_rows(Tool, plan.tools, emails=("suggested_by_email",))
    log_cutoff = plan.now - dt.timedelta(days=plan.periods.log_days)
    RateLimitEvent.objects.filter(created_at__lt=log_cutoff).delete()
    _old_admin_log(log_cutoff).delete()
    Session.objects.filter(expire_date__lt=plan.now).delete()
    _past_sign_in_failures(plan.now).delete()
    transaction.on_commit(lambda: _delete_files(files))


def _erase_cases(case_ids: list[int]) -> None:
    """Erase every person of the cases as an editor would, then delete the cases, their admin
    log entries and every history row of them and their parts (their files go after commit)."""
    if not case_ids:
        return
    submitters = _submitters(case_ids)
    people = list(Person.objects.filter(submission_id__in=case_ids).select_related("submission"))
    for person in people:
        services.erase_person(person, by=None, reason="retention")
    # A submitter without a person row of their own is not covered by erase_person.
    services._erase_from_tasks(submitters)
    person_ids = [person.pk for person in people]
    _delete_admin_log(Submission, case_ids)
    _delete_admin_log(Person, person_ids)
    services.delete_cases(Submission.objects.filter(pk__in=case_ids))
    # Deleting writes a last history row of each; the history goes after it.
    Submission.history.filter(id__in=case_ids).delete()
    for model in CASE_PARTS:
        model.history.filter(submission_id__in=case_ids).delete()


def _submitters(case_ids) -> dict:
    """Patterns for every name and address the cases' submitter fields ever held."""
    rows = list(
        Submission.history.filter(id__in=case_ids).values_list("submitter_name", "submitter_email")
    )
    rows += Submission.objects.filter(pk__in=case_ids).values_list(
        "submitter_name", "submitter_email"
    )
    return {
        "emails": services._whole_words(email for _name, email in rows),
        "all": services._whole_words(value for row in rows for value in row),
    }


def _erase_reader_rows(model, ids: list[int], *, emails) -> None:
    """Delete readers' rows with their history and admin log, and the e-mail tasks to them.

    Other tasks are not rewritten by the reader's name: no e-mail to someone else quotes a
    reader, and a common first name would garble mail to others that happen to use it."""
    if not ids:
        return
    rows = list(model.objects.filter(pk__in=ids).values(*emails))
    addresses = services._whole_words(row[key] for row in rows for key in emails)
    services._erase_from_tasks({"emails": addresses, "all": addresses})
    _delete_admin_log(model, ids)
    model.objects.filter(pk__in=ids).delete()
    model.history.filter(id__in=ids).delete()


def _delete_admin_log(model, ids) -> None:
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in ids]
    ).delete()


def _delete_files(names) -> None:
    stored_files.delete_files(names)
