"""A case's history as editors read it: every change to the case, its answers, its people and
its social enterprises, newest first, each value written the way the admin shows it."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property, partial

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

from common.diff import DiffBudget, render_word_diff
from submissions.models import Answer, EditApproval, Person, SocialEnterprise, Submission

# Bookkeeping that changes with every save and means nothing to a reader of the history.
NOT_SHOWN = {"id", "submission", "question", "version", "updated_at", "public_id"}
TEXT_FIELDS = (models.CharField, models.TextField)


@dataclass
class Change:
    """One field's change. Written out only when a page shows it (the history is paged), the
    word diffs of one history within one budget (common.diff)."""

    field: str
    render: Callable[[DiffBudget], SafeString]
    budget: DiffBudget

    @cached_property
    def diff(self) -> SafeString:
        return self.render(self.budget)


@dataclass
class Entry:
    """One saved version of the case or of one of its parts, and what changed in it."""

    date: datetime
    user: object  # the editor, or None when no editor made the change
    subject: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    record_id: int = 0
    restorable: bool = False  # a version of the case itself
    # Set on the case's earlier versions: the history id to restore.
    restore_id: int | None = None


def case_history(submission: Submission) -> list[Entry]:
    """Every change to `submission` and its parts, newest first (a part saved at the same
    moment as the case after it, as the admin saves the case first)."""
    sources = [
        (submission.history.all(), lambda record: _("The case")),
        (
            Answer.history.filter(submission_id=submission.pk).select_related("question"),
            lambda record: _("Answer: %(question)s") % {"question": record.question},
        ),
        (
            Person.history.filter(submission_id=submission.pk),
            lambda record: (
                _("Person: %(name)s (%(side)s)")
                % {"name": record.name, "side": record.get_side_display()}
            ),
        ),
        (
            SocialEnterprise.history.filter(submission_id=submission.pk),
            lambda record: _("Social enterprise: %(name)s") % {"name": record.name},
        ),
        (
            EditApproval.history.filter(submission_id=submission.pk),
            lambda record: _("Approval of edits"),
        ),
    ]
    ordered, budget = [], DiffBudget()
    for order, (records, subject) in enumerate(sources):
        for entry in _entries(records.select_related("history_user"), subject, budget):
            ordered.append(((entry.date, order, entry.record_id), entry))
    entries = [entry for _key, entry in sorted(ordered, key=lambda pair: pair[0], reverse=True)]
    # Every version of the case can be restored but the current one, which is the newest.
    versions = [entry for entry in entries if entry.restorable]
    for entry in versions[1:]:
        entry.restore_id = entry.record_id
    return entries


def _entries(records, subject, budget: DiffBudget) -> list[Entry]:
    """An Entry per history record that shows something, each compared with the record
    before it of the same object."""
    entries, previous = [], {}
    for record in records.order_by("id", "history_date", "history_id"):
        before = previous.get(record.id)
        previous[record.id] = record
        changes = _changes(record, before, budget)
        if record.history_type == "~" and not changes and not record.history_change_reason:
            continue  # a save that changed nothing shown here (e.g. the approved text)
        entries.append(
            Entry(
                date=record.history_date,
                user=record.history_user,
                subject=subject(record),
                reason=_reason(record),
                changes=changes,
                record_id=record.history_id,
                restorable=record.instance_type is Submission,
            )
        )
    return entries


# The reasons `transition()`, `change_slug()` and `restore_version()` record, in English.
MOVE = re.compile(r"^(?P<source>\w+) → (?P<target>\w+)$")
RESTORED = re.compile(r"^restored version of (?P<date>.+)$")
ADDRESS = re.compile(r"^address (?P<old>\S*) → (?P<new>\S+)$")


def _reason(record) -> str:
    """The recorded reason in the reader's language, or what kind of change it was."""
    reason = record.history_change_reason or ""
    states = dict(Submission.State.choices)
    if (move := MOVE.match(reason)) and {*move.groups()} <= states.keys():
        return _("State: %(source)s → %(target)s") % {
            "source": states[move["source"]],
            "target": states[move["target"]],
        }
    if restored := RESTORED.match(reason):
        return _("Restored the version of %(date)s") % {"date": _oslo_time(restored["date"])}
    if address := ADDRESS.match(reason):
        return _("New address: %(old)s → %(new)s") % {
            "old": _("none") if address["old"] in ("", "None") else address["old"],
            "new": address["new"],
        }
    return reason or record.get_history_type_display()


def _oslo_time(text: str) -> str:
    """An ISO date-time (read as UTC when it names no zone) in Oslo time."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _changes(record, before, budget: DiffBudget) -> list[Change]:
    """What `record` changed since `before`; for a newly added part, what it was added with.

    The case's first version lists nothing: it is the pitch as sent.
    """
    model = record.instance_type
    if record.history_type == "-" or (before is None and model is Submission):
        return []
    if before is None:
        added = [(f, getattr(record, f.attname)) for f in _tracked_fields(record)]
        return [
            Change(_label(f), partial(_added, f, value), budget)
            for f, value in added
            if _is_set(value)
        ]
    delta = record.diff_against(before, excluded_fields=_excluded(record))
    return [
        Change(
            _label(model._meta.get_field(change.field)),
            partial(_diff, model._meta.get_field(change.field), change.old, change.new),
            budget,
        )
        for change in delta.changes
    ]


def _tracked_fields(record) -> list:
    """The model's fields that the history keeps and the page shows."""
    kept = {f.name for f in record._meta.fields} - NOT_SHOWN
    return [f for f in record.instance_type._meta.concrete_fields if f.name in kept]


def _excluded(record) -> list[str]:
    tracked = {f.name for f in record._meta.fields}
    return sorted(NOT_SHOWN & tracked)


def _label(model_field) -> str:
    return capfirst(model_field.verbose_name)


def _is_set(value) -> bool:
    return value not in (None, "", False)


def _added(model_field, value, budget) -> SafeString:
    return format_html("{}", _display(model_field, value))


def _diff(model_field, old, new, budget) -> SafeString:
    """Texts as a word diff; every other value as "old → new", written for people."""
    if isinstance(model_field, TEXT_FIELDS) and not model_field.choices:
        if not old or not new:
            return format_html("<del>{}</del>", old) if old else format_html("<ins>{}</ins>", new)
        return render_word_diff(old, new, budget=budget)
    return format_html("{} → {}", _display(model_field, old), _display(model_field, new))


def _display(model_field, value) -> str:
    """A stored value as the admin would show it: names, labels and Oslo time, "none"."""
    if isinstance(model_field, models.ManyToManyField):
        reverse = get_m2m_reverse_field_name(model_field)
        value = [row[reverse] for row in value or []]
        related = model_field.related_model.objects.in_bulk(value)
        names = sorted(str(related.get(pk, _deleted(pk))) for pk in value)
        return ", ".join(names) or _("none")
    if not _is_set(value) and not isinstance(model_field, models.BooleanField):
        return _("none")
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related is not None else _deleted(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.DateTimeField):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(model_field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return str(value)


def _deleted(pk) -> str:
    return _("deleted (no. %(pk)s)") % {"pk": pk}
