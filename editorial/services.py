"""Editorial operations that go beyond one model's admin form."""

import csv
import io
import json
import logging
import re

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from common.announcements import announce_public_change
from submissions import links
from submissions import services as submission_services
from submissions.models import Answer, EditApproval, Erasure, Person, Submission
from submissions.versions import bump_version, lock_case
from submissions.workflow import check_text_editable

logger = logging.getLogger("kokebok.editorial")

ERASED = "[slettet]"
ERASED_EMAIL = "slettet@invalid"
PERSON_FIELDS = {"name": ERASED, "role": ERASED, "email": ERASED_EMAIL, "phone": ""}


# --- Erasure on request ---


@transaction.atomic
def erase_person(person: Person, *, by, reason: str = "") -> Erasure:
    """Remove a person's contact data from everywhere the application keeps it, and log it.

    In order: the person row, their consents (withdrawn, so nothing can be shown) and all their
    history rows; if they are the submitter, the submitter fields of the case and its history,
    and the case's secret links (revoked, so nobody gets in with an old e-mail); the admin's
    log entries of the person and the case; the queued and finished e-mail tasks holding their
    address (others naming them are rewritten); then the erasure log, and the public pages and
    the book are told.
    """
    submission = person.submission
    known = _known_contact_data(person)  # every earlier value too, before it is overwritten
    for field, value in PERSON_FIELDS.items():
        setattr(person, field, value)
    person.participation = Person.Participation.DECLINED
    person.token_hash = ""
    person.save()
    person.consents.update(granted=False)
    cleaned = Person.history.filter(id=person.pk).update(**PERSON_FIELDS)
    if person.is_submitter:
        cleaned += _erase_submitter(submission)
        links.revoke_tokens(submission)
    log_entries = _scrub_admin_log(person, known)
    tasks_deleted, tasks_rewritten = _erase_from_tasks(known)
    erasure = Erasure.objects.create(
        submission=submission,
        person_id=person.pk,
        erased_by=by,
        history_rows=cleaned,
        reason=reason,
    )
    announce_public_change(submission)
    logger.info(
        "person_erased submission=%s history_rows=%s log_entries=%s tasks_deleted=%s "
        "tasks_rewritten=%s",
        submission.pk,
        cleaned,
        log_entries,
        tasks_deleted,
        tasks_rewritten,
    )
    return erasure


def _erase_submitter(submission: Submission) -> int:
    values = {"submitter_name": ERASED, "submitter_email": ERASED_EMAIL}
    Submission.objects.filter(pk=submission.pk).update(**values)
    return Submission.history.filter(id=submission.pk).update(**values)


def _known_contact_data(person: Person) -> dict[str, re.Pattern | None]:
    """Patterns for every e-mail address (`emails`) and every name, address and phone number
    (`all`) the person ever had in the case; for the submitter, the case's submitter fields too.

    They match whole words only, in any case: a short name must not erase part of a word.
    """
    rows = list(Person.history.filter(id=person.pk).values("name", "email", "phone"))
    rows.append({"name": person.name, "email": person.email, "phone": person.phone})
    if person.is_submitter:
        case = Submission.history.filter(id=person.submission_id)
        rows += [
            {"name": name, "email": email}
            for name, email in case.values_list("submitter_name", "submitter_email")
        ]
    return {
        "emails": _whole_words(row.get("email") for row in rows),
        "all": _whole_words(value for row in rows for value in row.values()),
    }


def _whole_words(values) -> re.Pattern | None:
    wanted = {value.strip() for value in values if value and value.strip()}
    wanted -= {ERASED, ERASED_EMAIL}
    if not wanted:
        return None
    # Longest first, so that a name inside an e-mail address does not leave the rest of it.
    words = "|".join(re.escape(value) for value in sorted(wanted, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def _mentions(pattern: re.Pattern | None, value) -> bool:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return pattern is not None and pattern.search(text) is not None


def _scrub(value, pattern: re.Pattern | None):
    """`value` (a string, or JSON of lists and dicts) with every match replaced by ERASED."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, pattern) for key, item in value.items()}
    return value


def _scrub_admin_log(person: Person, known: dict) -> int:
    """Take the person out of the admin's log of the person and of their case.

    Django writes an object's name into `object_repr` and the names of changed inline objects
    into `change_message` (JSON, or plain text in old entries). Returns the entries changed.
    """
    entries = LogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
        | Q(
            content_type=ContentType.objects.get_for_model(Submission),
            object_id=str(person.submission_id),
        )
    )
    changed = 0
    for entry in entries:
        object_repr = _scrub(entry.object_repr, known["all"])
        try:
            message = json.dumps(_scrub(json.loads(entry.change_message), known["all"]))
        except ValueError:
            message = _scrub(entry.change_message, known["all"])
        if (object_repr, message) != (entry.object_repr, entry.change_message):
            LogEntry.objects.filter(pk=entry.pk).update(
                object_repr=object_repr, change_message=message
            )
            changed += 1
    return changed


def _erase_from_tasks(known: dict) -> tuple[int, int]:
    """Delete the e-mail tasks holding the person's address (those sent to them, above all);
    in any other task that names them, replace their data.

    A running task is left alone (its worker holds it and finishes within seconds); the prune
    of finished tasks removes it. Returns (deleted, rewritten).
    """
    deleted, rewritten = [], 0
    tasks = DBTaskResult.objects.exclude(status=TaskResultStatus.RUNNING).only("args_kwargs")
    for task in tasks.iterator():
        if _mentions(known["emails"], task.args_kwargs):
            deleted.append(task.pk)
        elif _mentions(known["all"], task.args_kwargs):
            task.args_kwargs = _scrub(task.args_kwargs, known["all"])
            task.save(update_fields=["args_kwargs"])
            rewritten += 1
    DBTaskResult.objects.filter(pk__in=deleted).delete()
    return len(deleted), rewritten


# --- Approval of the editors' copy-edits ---


@transaction.atomic
def ask_for_edit_approval(submission: Submission, *, by) -> EditApproval:
    """Ask the submitter to approve the case's current text, replacing any unanswered request.

    In order: marks the requests still waiting as superseded, so the submitter only ever
    answers the newest one (an answer to an older one would approve text that has changed
    since); then makes the request and e-mails the submitter a link to it.
    """
    submission.edit_approvals.filter(decision=EditApproval.Decision.PENDING).update(
        decision=EditApproval.Decision.SUPERSEDED
    )
    return submission_services.request_edit_approval(submission, by=by)


# --- Restoring an earlier version ---


@transaction.atomic
def restore_version(submission: Submission, history_id: int, *, by) -> Submission:
    """Put the case's text back as it was in one history entry, answers included.

    Locks the case, then refuses (TextLocked) while it is published: readers would see text
    the submitter has not approved. The restore is itself a new version in the history, so it
    can be undone the same way.
    """
    lock_case(submission, "state")
    check_text_editable(submission)
    record = submission.history.get(history_id=history_id)
    for field in (
        "title",
        "summary",
        "collaboration_form",
        "collaboration_form_other",
        "link",
        "photo_alt",
    ):
        setattr(submission, field, getattr(record, field))
    for answer in submission.answers.all():
        old = answer.history.as_of(record.history_date) if _existed(answer, record) else None
        text = old.text if old else ""
        if answer.text != text:
            answer.text = text
            answer._history_user = by
            answer.save()
    bump_version(submission)
    submission._history_user = by
    submission._change_reason = f"restored version of {record.history_date.isoformat()}"
    submission.save()
    if submission.is_public:
        announce_public_change(submission)
    return submission


def _existed(answer: Answer, record) -> bool:
    return answer.history.filter(history_date__lte=record.history_date).exists()


# --- Export ---

EXPORT_COLUMNS = [
    "id",
    "call",
    "state",
    "title",
    "summary",
    "collaboration_form",
    "municipalities",
    "counties",
    "enterprises",
    "main_theme",
    "themes",
    "submitter_name",
    "submitter_email",
    "pitch_submitted_at",
    "writeup_submitted_at",
    "published_at",
    "link",
]


def export_rows(queryset) -> list[dict]:
    """One flat dict per submission with every field an editor works with, answers included."""
    submissions = queryset.select_related("call", "main_theme").prefetch_related(
        "municipalities__county", "enterprises", "themes", "answers__question"
    )
    return [_row(submission) for submission in submissions]


def _row(submission: Submission) -> dict:
    municipalities = list(submission.municipalities.all())
    row = {
        "id": str(submission.public_id),
        "call": submission.call.title,
        "state": submission.state,
        "title": submission.title,
        "summary": submission.summary,
        "collaboration_form": submission.collaboration_form_display,
        "municipalities": ", ".join(f"{m.number} {m.name}" for m in municipalities),
        "counties": ", ".join(sorted({m.county.name for m in municipalities})),
        "enterprises": ", ".join(e.name for e in submission.enterprises.all()),
        "main_theme": submission.main_theme.name if submission.main_theme else "",
        "themes": ", ".join(t.name for t in submission.themes.all()),
        "submitter_name": submission.submitter_name,
        "submitter_email": submission.submitter_email,
        "pitch_submitted_at": submission.pitch_submitted_at,
        "writeup_submitted_at": submission.writeup_submitted_at,
        "published_at": submission.published_at,
        "link": submission.link,
    }
    for answer in submission.answers.all():
        row[answer.question.text] = answer.text
    return row


def export_csv(queryset, *, delimiter: str = ",") -> bytes:
    """CSV that Excel opens correctly: UTF-8 with a byte order mark, all answers as columns."""
    rows = export_rows(queryset)
    columns = list(EXPORT_COLUMNS)
    for row in rows:
        columns += [key for key in row if key not in columns]
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=columns, delimiter=delimiter, restval="")
    writer.writeheader()
    writer.writerows({key: _csv_safe(value) for key, value in row.items()} for row in rows)
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def _csv_safe(value) -> str:
    """Neutralise spreadsheet formulas in submitted text (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_json(queryset) -> bytes:
    """Every field of each case, the parties and people (with their consents) nested."""
    cases = queryset.select_related("call", "main_theme", "assigned_editor").prefetch_related(
        "municipalities__county",
        "enterprises",
        "themes",
        "tags",
        "answers__question",
        "people__consents",
    )
    records = [_record(case) for case in cases]
    return json.dumps(records, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _record(submission: Submission) -> dict:
    editor = submission.assigned_editor
    return {
        "id": str(submission.public_id),
        "call": submission.call.title,
        "state": submission.state,
        "language": submission.language,
        "slug": submission.slug or "",
        "title": submission.title,
        "summary": submission.summary,
        "collaboration_form": submission.collaboration_form,
        "collaboration_form_other": submission.collaboration_form_other,
        "municipalities": [
            {"number": m.number, "name": m.name, "county": m.county.name}
            for m in submission.municipalities.all()
        ],
        "enterprises": [
            {"name": e.name, "org_number": e.org_number, "website": e.website}
            for e in submission.enterprises.all()
        ],
        "people": [_person_record(person) for person in submission.people.all()],
        "main_theme": submission.main_theme.name if submission.main_theme else None,
        "themes": [theme.name for theme in submission.themes.all()],
        "tags": sorted(tag.name for tag in submission.tags.all()),
        "assigned_editor": editor.get_username() if editor else None,
        "submitter_name": submission.submitter_name,
        "submitter_email": submission.submitter_email,
        "pitch_submitted_at": submission.pitch_submitted_at,
        "writeup_submitted_at": submission.writeup_submitted_at,
        "writeup_extended_until": submission.writeup_extended_until,
        "published_at": submission.published_at,
        "link": submission.link,
        "photo": submission.photo.name or "",
        "photo_alt": submission.photo_alt,
        "has_attachment": bool(submission.attachment),
        "answers": [
            {"question": answer.question.text, "text": answer.text}
            for answer in submission.answers.all()
        ],
    }


def _person_record(person: Person) -> dict:
    """A person with their current consent per purpose and every answer they recorded."""
    return {
        "side": person.side,
        "name": person.name,
        "role": person.role,
        "email": person.email,
        "phone": person.phone,
        "language": person.language,
        "is_submitter": person.is_submitter,
        "participation": person.participation,
        "consents": person.current_consents(),
        "consent_history": [
            {
                "purpose": consent.purpose,
                "granted": consent.granted,
                "text_version": consent.text_version,
                "source": consent.source,
                "recorded_at": consent.recorded_at,
            }
            for consent in person.consents.all()
        ],
    }
