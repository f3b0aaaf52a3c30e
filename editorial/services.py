"""Editorial operations that go beyond one model's admin form."""

import csv
import io
import json
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from editorial.models import Erasure
from submissions.models import Answer, Person, Submission
from submissions.signals import public_content_changed

logger = logging.getLogger("kokebok.editorial")

ERASED = "[slettet]"
ERASED_EMAIL = "slettet@invalid"
PERSON_FIELDS = {"name": ERASED, "role": ERASED, "email": ERASED_EMAIL, "phone": ""}


# --- Erasure on request ---


@transaction.atomic
def erase_person(person: Person, *, by, reason: str = "") -> Erasure:
    """Remove a person's contact data from the case and from every history row, and log it.

    In order: the person row (and, if they are the submitter, the submitter fields of the case),
    their consents (withdrawn, so nothing can be shown), all history rows, then the log entry.
    """
    submission = person.submission
    for field, value in PERSON_FIELDS.items():
        setattr(person, field, value)
    person.participation = Person.Participation.DECLINED
    person.token_hash = ""
    person.save()
    person.consents.update(granted=False)
    cleaned = Person.history.filter(id=person.pk).update(**PERSON_FIELDS)
    if person.is_submitter:
        cleaned += _erase_submitter(submission)
    erasure = Erasure.objects.create(
        submission=submission,
        person_id=person.pk,
        erased_by=by,
        history_rows=cleaned,
        reason=reason,
    )
    # The bulk updates above send no model signals: tell the public pages and the book.
    public_content_changed.send(sender=Person, submission=submission)
    logger.info("person_erased submission=%s history_rows=%s", submission.pk, cleaned)
    return erasure


def _erase_submitter(submission: Submission) -> int:
    values = {"submitter_name": ERASED, "submitter_email": ERASED_EMAIL}
    Submission.objects.filter(pk=submission.pk).update(**values)
    return Submission.history.filter(id=submission.pk).update(**values)


# --- Restoring an earlier version ---


@transaction.atomic
def restore_version(submission: Submission, history_id: int, *, by) -> Submission:
    """Put the case's text back as it was in one history entry, answers included.

    The restore is itself a new version in the history, so it can be undone the same way.
    """
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
    submission.version += 1
    submission._history_user = by
    submission._change_reason = f"restored version of {record.history_date:%Y-%m-%d %H:%M:%S}"
    submission.save()
    if submission.is_public:
        public_content_changed.send(sender=Submission, submission=submission)
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
    return json.dumps(
        export_rows(queryset), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    ).encode()
