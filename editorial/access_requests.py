"""A person's access request (GDPR article 15): everything held about them, as one ZIP for the
editor to send them.

The person is who the editor picked and everyone else the application knows by the same e-mail
address: their rows as a contact person in every case (with earlier details and every consent
answer with the consent text's version), the cases they sent, the state changes they made as
submitter, their answers to the editors' approval requests, the e-mails queued or sent to them
(which, when and whether sent: never the message, whose links are secret), and the readers'
input and tools they sent. `data.json` holds it for machines, `summary.html` for people (in the
person's language; everything they or others typed is escaped by the template). Each export is
logged (`AccessExport`: who exported whom, when).
"""

import datetime as dt
import io
import json
import logging
import zipfile
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from editorial.models import AccessExport
from editorial.services import ERASED_EMAIL
from participation.models import Input, Tool
from submissions.models import EditApproval, Person, StateChange, Submission

logger = logging.getLogger("kokebok.editorial")

EMAIL_TASK = "common.tasks.send_email"

# Labels for fields whose model gives them no (translated) name of their own.
LABELS = {
    "submission": _("example"),
    "from_state": _("from"),
    "to_state": _("to"),
    "created_at": _("when"),
}
# The fields each part shows, in order; their labels are the models' own (translated) names.
PERSON_FIELDS = ["submission", "side", "name", "role", "email", "phone", "language"]
PERSON_FIELDS += ["is_submitter", "participation"]
CONSENT_FIELDS = ["purpose", "granted", "text_version", "source", "recorded_at"]
CASE_FIELDS = ["title", "state", "language", "submitter_name", "submitter_email", "summary"]
CASE_FIELDS += ["link", "photo", "photo_alt", "attachment", "pitch_submitted_at"]
CASE_FIELDS += ["writeup_submitted_at", "published_at", "started_year"]
STATE_CHANGE_FIELDS = ["submission", "from_state", "to_state", "comment", "created_at"]
APPROVAL_FIELDS = ["submission", "requested_at", "decision", "comment", "answered_at"]
INPUT_FIELDS = ["submission", "name", "email", "organisation", "text", "publish_consent"]
INPUT_FIELDS += ["language", "created_at", "status", "answer"]
TOOL_FIELDS = ["title", "description", "link", "suggested_by_name", "suggested_by_email"]
TOOL_FIELDS += ["status", "created_at"]


@dataclass
class Part:
    """One part of the export: its key in data.json, its heading, and its records, each a list
    of (key, label, value for JSON, value for people)."""

    key: str
    title: str
    records: list[list[tuple]] = field(default_factory=list)

    def as_data(self) -> list[dict]:
        return [{key: value for key, _label, value, _shown in record} for record in self.records]


def collect(person: Person) -> list[Part]:
    """Everything held about `person` and whoever has their e-mail address, part by part.

    An erased person's address is the placeholder every erased person shares: then only their
    own row, whose details are gone anyway."""
    email = "" if person.email == ERASED_EMAIL else person.email
    people = Person.objects.filter(models.Q(pk=person.pk) | _address(email, "email"))
    people = people.select_related("submission").prefetch_related("consents")
    cases = Submission.objects.filter(_address(email, "submitter_email")).prefetch_related(
        "answers__question"
    )
    return [
        Part("people", _("Examples you are named in"), [_person(row) for row in people]),
        Part("cases", _("Examples you sent"), [_case(case) for case in cases]),
        _part(
            "state_changes",
            _("Changes of state you made"),
            StateChange.objects.filter(submission__in=cases, by_submitter=True),
            STATE_CHANGE_FIELDS,
        ),
        _part(
            "approvals",
            _("Your answers to the editors' approval requests"),
            EditApproval.objects.filter(submission__in=cases).exclude(answered_at=None),
            APPROVAL_FIELDS,
        ),
        Part("emails", _("E-mails to you"), _emails(email)),
        _part(
            "input",
            _("Input you sent"),
            Input.objects.filter(_address(email, "email")),
            INPUT_FIELDS,
        ),
        _part(
            "tools",
            _("Tools you suggested"),
            Tool.objects.filter(_address(email, "suggested_by_email")),
            TOOL_FIELDS,
        ),
    ]


def export_zip(person: Person, *, by) -> bytes:
    """The ZIP answering `person`'s access request, logged as exported by `by`."""
    parts = collect(person)
    now = timezone.now()
    records = sum(len(part.records) for part in parts)
    data = {
        "exported_at": now,
        "email": person.email,
        **{part.key: part.as_data() for part in parts},
    }
    with translation.override(person.language):
        summary = render_to_string(
            "editorial/access_summary.html",
            {"person": person, "parts": parts, "exported_at": now, "records": records},
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        archive.writestr("summary.html", summary)
    AccessExport.objects.create(
        person_id=person.pk, submission=person.submission, exported_by=by, records=records
    )
    logger.info("access_exported person=%s records=%s", person.pk, records)
    return buffer.getvalue()


# --- The parts ---


def _person(person: Person) -> list[tuple]:
    record = _record(person, PERSON_FIELDS)
    consents = sorted(person.consents.all(), key=lambda consent: (consent.recorded_at, consent.pk))
    answers = [_record(consent, CONSENT_FIELDS) for consent in consents]
    record.append(("consents", _("Your consents"), _data(answers), _shown(answers)))
    earlier = [
        [
            *_record(row, ["name", "role", "email", "phone"]),
            ("saved_at", _("saved"), row.history_date, _display(row.history_date)),
        ]
        for row in Person.history.filter(id=person.pk).order_by("history_date")
    ]
    record.append(("history", _("Your earlier details"), _data(earlier), _shown(earlier)))
    return record


def _case(case: Submission) -> list[tuple]:
    record = _record(case, CASE_FIELDS)
    answers = {str(answer.question): answer.text for answer in case.answers.all()}
    shown = "\n\n".join(f"{question}\n{text}" for question, text in answers.items())
    record.append(("answers", _("Answers"), answers, shown))
    return record


def _emails(email: str) -> list[list[tuple]]:
    """The e-mail tasks to `email`: the template, when, and how it went (the arguments hold the
    message's secret links, which stay out of the export)."""
    wanted = email.strip().lower()
    if not wanted:
        return []
    tasks = DBTaskResult.objects.filter(task_path=EMAIL_TASK, args_kwargs__icontains=wanted)
    records = []
    for task in tasks.order_by("enqueued_at"):
        args = task.args_kwargs.get("args") or []
        if len(args) < 2 or str(args[1]).strip().lower() != wanted:
            continue  # names them in the text, but went to someone else
        records.append(
            [
                ("template", _("e-mail"), args[0], str(args[0])),
                ("status", _("status"), task.status, task.get_status_display()),
                ("queued_at", _("queued"), task.enqueued_at, _display(task.enqueued_at)),
                ("finished_at", _("finished"), task.finished_at, _display(task.finished_at)),
            ]
        )
    return records


def _address(email: str, field_name: str) -> models.Q:
    """Rows whose `field_name` is `email` in any case; none for no address."""
    if not email:
        return models.Q(pk__in=[])
    return models.Q(**{f"{field_name}__iexact": email})


def _part(key, title, queryset, names) -> Part:
    return Part(key, title, [_record(row, names) for row in queryset])


def _record(obj, names) -> list[tuple]:
    return [(name, *_value(obj, name)) for name in names]


def _value(obj, name):
    """(label, value for JSON, value for people) of field `name` of `obj`."""
    model_field = obj._meta.get_field(name)
    label = LABELS.get(name, model_field.verbose_name)
    value = getattr(obj, name)
    if model_field.is_relation:
        return label, getattr(obj, f"{name}_id"), str(value or "")
    if isinstance(value, models.fields.files.FieldFile):
        return label, value.name or "", value.name or ""
    if model_field.choices:
        return label, value, str(getattr(obj, f"get_{name}_display")())
    return label, value, _display(value)


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return str(value)


def _data(records) -> list[dict]:
    return [{key: value for key, _label, value, _shown in record} for record in records]


def _shown(records) -> str:
    return "\n".join(
        "; ".join(f"{label}: {shown}" for _key, label, _value, shown in record if shown)
        for record in records
    )
