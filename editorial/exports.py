"""The editors' exports of cases: CSV that Excel opens, and JSON with everything nested.

Reads only; the admin's export actions call them.
"""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder

from submissions.models import Person, Submission

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
