"""The editors' exports of cases: CSV that Excel opens, in the editor's language, and JSON
with everything nested under its field names.

Reads only; the admin's export actions call them.
"""

import csv
import io
import json
from zoneinfo import ZoneInfo

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from editorial.review import PURPOSE_LABELS
from submissions.models import Person, Submission

OSLO = ZoneInfo("Europe/Oslo")

# (key, header): the CSV's columns in order, the headers in the editor's language.
EXPORT_COLUMNS = [
    ("id", gettext_lazy("id")),
    ("call", gettext_lazy("call")),
    ("state", gettext_lazy("state")),
    ("title", gettext_lazy("title")),
    ("summary", gettext_lazy("pitch")),
    ("collaboration_form", gettext_lazy("form of collaboration")),
    ("started_year", gettext_lazy("year the collaboration started")),
    ("municipalities", gettext_lazy("municipalities")),
    ("counties", gettext_lazy("counties")),
    ("enterprises", gettext_lazy("social enterprises")),
    ("people", gettext_lazy("contact persons and their consents")),
    ("main_theme", gettext_lazy("main theme")),
    ("themes", gettext_lazy("further themes")),
    ("tags", gettext_lazy("tags")),
    ("assigned_editor", gettext_lazy("assigned editor")),
    ("submitter_name", gettext_lazy("submitter's name")),
    ("submitter_email", gettext_lazy("submitter's e-mail")),
    ("pitch_submitted_at", gettext_lazy("pitch sent")),
    ("writeup_submitted_at", gettext_lazy("write-up submitted")),
    ("published_at", gettext_lazy("first published")),
    ("link", gettext_lazy("link to a web page")),
]
# Norwegian Excel reads a semicolon as the separator; a comma is for the other spreadsheets.
DELIMITERS = (";", ",")


def export_rows(queryset) -> list[dict]:
    """One flat dict per submission with every field an editor works with, answers included,
    as an editor reads them: states in words, times in Oslo to the second."""
    submissions = queryset.select_related("call", "main_theme", "assigned_editor")
    submissions = submissions.prefetch_related(
        "municipalities__county",
        "enterprises",
        "themes",
        "tags",
        "answers__question",
        "people__consents",
    )
    return [_row(submission) for submission in submissions]


def _row(submission: Submission) -> dict:
    municipalities = list(submission.municipalities.all())
    editor = submission.assigned_editor
    row = {
        "id": str(submission.public_id),
        "call": submission.call.title,
        "state": submission.get_state_display(),
        "title": submission.title,
        "summary": submission.summary,
        "collaboration_form": submission.collaboration_form_display,
        "started_year": submission.started_year or "",
        "municipalities": ", ".join(f"{m.number} {m}" for m in municipalities),
        "counties": ", ".join(sorted({m.county.name for m in municipalities})),
        "enterprises": ", ".join(_enterprise(e) for e in submission.enterprises.all()),
        "people": "\n".join(_person(p) for p in submission.people.all()),
        "main_theme": submission.main_theme.name if submission.main_theme else "",
        "themes": ", ".join(t.name for t in submission.themes.all()),
        "tags": ", ".join(sorted(tag.name for tag in submission.tags.all())),
        "assigned_editor": editor.get_username() if editor else "",
        "submitter_name": submission.submitter_name,
        "submitter_email": submission.submitter_email,
        "pitch_submitted_at": _time(submission.pitch_submitted_at),
        "writeup_submitted_at": _time(submission.writeup_submitted_at),
        "published_at": _time(submission.published_at),
        "link": submission.link,
    }
    for answer in submission.answers.all():
        row[answer.question.display_text] = answer.text
    return row


def _time(moment) -> str:
    """Oslo wall-clock time to the second, as Excel reads a date and time."""
    return timezone.localtime(moment, OSLO).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _enterprise(enterprise) -> str:
    if not enterprise.org_number:
        return enterprise.name
    return f"{enterprise.name} ({_('org. no.')} {enterprise.org_number_display})"


def _person(person: Person) -> str:
    """One line: who they are, then each consent in words ("Published on the web: yes")."""
    who = ", ".join(
        part
        for part in (person.get_side_display(), person.role, person.email, person.phone)
        if part
    )
    current = person.current_consents()
    words = {True: _("yes"), False: _("no"), None: _("not answered")}
    consents = ", ".join(
        f"{label}: {words[current.get(purpose)]}" for purpose, label in PURPOSE_LABELS.items()
    )
    declined = f" ({_('declined to take part')})" if person.participation == "declined" else ""
    return f"{person.name} ({who}){declined}: {consents}"


def export_csv(queryset, *, delimiter: str = ";") -> bytes:
    """CSV that Excel opens correctly: UTF-8 with a byte order mark, the headers in the active
    language, all answers as columns (headed by their question)."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS}")
    rows = export_rows(queryset)
    keys = [key for key, _label in EXPORT_COLUMNS]
    headers = [str(label) for _key, label in EXPORT_COLUMNS]
    for row in rows:
        new = [key for key in row if key not in keys]
        keys += new
        headers += new
    output = io.StringIO()
    writer = csv.writer(output, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows([_csv_safe(row.get(key, "")) for key in keys] for row in rows)
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
        "started_year": submission.started_year,
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
