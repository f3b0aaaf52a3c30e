"""What the editors' start page (/admin/) shows: the reads behind it, each figure with the
address of the list behind it.

A fixed number of SQL queries however many cases there are (tests/editorial/test_dashboard.py):
one per figure, never one per case. Each link goes to an admin change list with the filter that
gives exactly the cases (or inputs, tools) the figure counts.
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from book.models import Edition
from editorial.charts import Chart, daily_chart
from participation.models import Input, Moderation, Tool
from submissions import approvals
from submissions.models import Call, Submission

State = Submission.State
# At most this many rows in each "waits for me" list; the link shows them all.
LIST_LIMIT = 10
# The daily chart covers at most this many days (a call runs for a few weeks).
MAX_DAYS = 42


def changelist(model: str, **filters) -> str:
    """The admin change list of `model` ("app_model"), filtered by the admin's own parameters."""
    url = reverse(f"admin:{model}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


@dataclass
class Figure:
    label: str
    count: int
    url: str


@dataclass
class Waiting:
    """A case waiting for someone, and since when."""

    submission: Submission
    since: dt.datetime
    url: str

    @property
    def days(self) -> int:
        return (timezone.now() - self.since).days


@dataclass
class Day:
    date: dt.date
    pitches: int
    writeups: int
    pitches_url: str
    writeups_url: str


@dataclass
class Dashboard:
    in_review: list[Waiting]
    in_review_url: str
    approvals: list[Waiting]
    unassigned: Figure
    to_moderate: list[Figure]
    states: list[Figure]
    call: Call | None
    days: list[Day] = field(default_factory=list)
    chart: Chart | None = None
    counties: list[Figure] = field(default_factory=list)
    themes: list[Figure] = field(default_factory=list)
    editions: list[tuple[Edition, str, str]] = field(default_factory=list)


def dashboard(user) -> Dashboard:
    """Everything on the start page for the editor `user`."""
    call = Call.objects.first()  # the newest call (ordered by pitch deadline, latest first)
    days = per_day(call) if call else []
    return Dashboard(
        in_review=assigned_in_review(user),
        in_review_url=changelist(
            "submissions_submission",
            state__exact=State.IN_REVIEW,
            assigned_editor__id__exact=user.pk,
        ),
        approvals=approvals_waiting(user),
        unassigned=unassigned_writeups(),
        to_moderate=to_moderate(),
        states=state_counts(),
        call=call,
        days=days,
        chart=daily_chart(days, call),
        counties=per_county(),
        themes=per_theme(),
        editions=editions(),
    )


def _change_url(submission) -> str:
    return reverse("admin:submissions_submission_change", args=[submission.pk])


def assigned_in_review(user) -> list[Waiting]:
    """The cases in review assigned to `user`, the longest untouched first (one query)."""
    cases = Submission.objects.filter(assigned_editor=user, state=State.IN_REVIEW).order_by(
        "updated_at"
    )[:LIST_LIMIT]
    return [Waiting(case, case.updated_at, _change_url(case)) for case in cases]


def approvals_waiting(user) -> list[Waiting]:
    """Edits waiting for the sender's approval that `user` asked for or whose case is theirs,
    the oldest request first (one query)."""
    pending = approvals.pending_approvals().filter(
        Q(requested_by=user) | Q(submission__assigned_editor=user)
    )[:LIST_LIMIT]
    return [Waiting(a.submission, a.requested_at, _change_url(a.submission)) for a in pending]


def unassigned_writeups() -> Figure:
    """Write-ups submitted that no editor has taken yet: the next work to share out (one
    query)."""
    waiting = Submission.objects.filter(state=State.WRITEUP_SUBMITTED, assigned_editor=None)
    return Figure(
        _("Write-ups without an editor"),
        waiting.count(),
        changelist(
            "submissions_submission",
            state__exact=State.WRITEUP_SUBMITTED,
            assigned_editor__isnull="True",
        ),
    )


def to_moderate() -> list[Figure]:
    """Readers' input and tool suggestions waiting for moderation (two queries)."""
    return [
        Figure(
            _("Input from readers"),
            Input.objects.waiting().count(),
            changelist("participation_input", status__exact=Moderation.PENDING),
        ),
        Figure(
            _("Tool suggestions"),
            Tool.objects.waiting().count(),
            changelist("participation_tool", status__exact=Moderation.PENDING),
        ),
    ]


def state_counts() -> list[Figure]:
    """Every state with its number of cases, in the workflow's order (one query)."""
    counts = dict(Submission.objects.values_list("state").annotate(n=Count("pk")).order_by())
    return [
        Figure(
            label, counts.get(value, 0), changelist("submissions_submission", state__exact=value)
        )
        for value, label in State.choices
    ]


def per_day(call: Call) -> list[Day]:
    """Pitches and write-ups received per day (in Oslo) for `call`, from its first pitch to
    the last day with anything or the write-up deadline, at most MAX_DAYS (two queries)."""
    cases = Submission.objects.filter(call=call)
    pitches = _count_by_day(cases, "pitch_submitted_at")
    writeups = _count_by_day(cases.exclude(writeup_submitted_at=None), "writeup_submitted_at")
    today = timezone.localdate()
    start = min([*pitches, *writeups, today])
    deadline = timezone.localtime(call.writeup_deadline).date()
    end = max([*pitches, *writeups, min(deadline, start + dt.timedelta(days=MAX_DAYS - 1))])
    start = max(start, end - dt.timedelta(days=MAX_DAYS - 1))
    days = []
    for offset in range((end - start).days + 1):
        date = start + dt.timedelta(days=offset)
        days.append(
            Day(
                date,
                pitches.get(date, 0),
                writeups.get(date, 0),
                _day_url(call, "pitch_submitted_at", date),
                _day_url(call, "writeup_submitted_at", date),
            )
        )
    return days


def _count_by_day(cases, timestamp: str) -> dict[dt.date, int]:
    # TruncDate works in the current time zone (Europe/Oslo), as the admin's __date filter.
    rows = cases.annotate(day=TruncDate(timestamp)).values_list("day").annotate(n=Count("pk"))
    return dict(rows.order_by())


def _day_url(call: Call, timestamp: str, date: dt.date) -> str:
    return changelist(
        "submissions_submission", call__id__exact=call.pk, **{f"{timestamp}__date": date}
    )


def per_county() -> list[Figure]:
    """Cases per county of their municipalities; a case with two counties counts in both
    (one query)."""
    rows = (
        Submission.objects.exclude(municipalities=None)
        .values_list("municipalities__county__number", "municipalities__county__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("municipalities__county__number")
    )
    return [
        Figure(name, n, changelist("submissions_submission", county=number))
        for number, name, n in rows
    ]


def per_theme() -> list[Figure]:
    """Cases per main theme (the book's chapter), those without one last (one query)."""
    rows = (
        Submission.objects.values_list("main_theme", "main_theme__name", "main_theme__position")
        .annotate(n=Count("pk"))
        .order_by("main_theme__position", "main_theme__name")
    )
    figures = []
    without = None
    for pk, name, _position, n in rows:
        if pk is None:
            url = changelist("submissions_submission", main_theme__isnull="True")
            without = Figure(_("No main theme yet"), n, url)
        else:
            url = changelist("submissions_submission", main_theme__id__exact=pk)
            figures.append(Figure(name, n, url))
    return figures + ([without] if without else [])


def edition_state(edition: Edition) -> str:
    """An edition's state in words, the most telling first."""
    if edition.is_withdrawn:
        return _("Withdrawn from readers")
    if edition.is_published:
        return _("Published") + (" · " + _("frozen") if edition.is_frozen else "")
    if edition.is_frozen:
        return _("Frozen, not published")
    if edition.pdf_file:
        return _("Built, not published")
    return _("Not built yet")


def editions() -> list[tuple[Edition, str, str]]:
    """The newest editions of the book with their state and admin page (one query)."""
    return [
        (edition, edition_state(edition), reverse("admin:book_edition_change", args=[edition.pk]))
        for edition in Edition.objects.all()[:LIST_LIMIT]
    ]
