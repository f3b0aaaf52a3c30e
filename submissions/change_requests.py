"""The editors' request for changes as the submitter reads it: their message, the parts of the
case they point at, and the edits they made themselves before asking.

The request is the StateChange into "changes requested" (made by `workflow.transition()`, which
stores `parts` and `editors_edits` on it); this module names the parts and reads it back.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from common.diff import DiffBudget, render_word_diff
from submissions.models import StateChange, Submission

# The parts an editor can point at, besides each guiding question ("question-<pk>").
PARTS = {
    "title": _("Title"),
    "summary": _("What the collaboration is about"),
    "parties": _("Form of collaboration, municipalities and social enterprises"),
    "contacts": _("Contact persons"),
    "photo": _("Photo, its description and credit"),
    "attachment": _("Attachment"),
    "link": _("Link to a web page"),
}
QUESTION_PREFIX = "question-"


def part_choices(submission: Submission) -> list[tuple[str, object]]:
    """Every part of `submission` an editor can point at, as (key, label), in the case's order."""
    questions = [
        (f"{QUESTION_PREFIX}{question.pk}", question.display_text)
        for question in submission.call.questions.all()
    ]
    keys = list(PARTS)
    return (
        [(key, PARTS[key]) for key in keys[:2]]
        + questions
        + [(key, PARTS[key]) for key in keys[2:]]
    )


def part_names(submission: Submission, keys, *, language: str | None = None) -> list[str]:
    """The names of the parts `keys`, in `language` (the submitter's, for their e-mail) or
    the current one."""
    with translation.override(language or translation.get_language()):
        labels = dict(part_choices(submission))
        return [str(labels[key]) for key in keys if key in labels]


def editors_edits(submission: Submission) -> dict:
    """The submitter's last text and the editors' version of it, when they differ ({} if not):
    stored with the request, so the submitter sees those edits as the editors'."""
    edited = submission.text_snapshot()
    original = submission.submitter_text
    if not original or original == edited:
        return {}
    return {"original": original, "edited": edited}


@dataclass
class TextChange:
    """One text field the editors changed: its label, the old and the new text, and the two as
    one word diff, written out only when a page shows it (within the page's budget)."""

    label: object
    old: str
    new: str
    budget: DiffBudget

    @cached_property
    def diff(self) -> SafeString:
        return render_word_diff(self.old, self.new, budget=self.budget)


def text_changes(submission: Submission, original: dict, edited: dict) -> list[TextChange]:
    """Each text field of the case that differs between two `text_snapshot()`s."""
    budget = DiffBudget()  # one page shows them all
    labels = [("title", PARTS["title"]), ("summary", PARTS["summary"])]
    changes = [
        TextChange(label, original.get(key, ""), edited.get(key, ""), budget)
        for key, label in labels
    ]
    for question in submission.call.questions.all():
        key = str(question.pk)
        old = original.get("answers", {}).get(key, "")
        new = edited.get("answers", {}).get(key, "")
        changes.append(TextChange(question.display_text, old, new, budget))
    return [change for change in changes if change.old != change.new]


@dataclass
class ChangeRequest:
    """What the submitter's pages show of an open request for changes."""

    message: str
    requested_at: object
    parts: list[tuple[str, object]] = field(default_factory=list)
    changes: list[TextChange] = field(default_factory=list)

    @property
    def part_keys(self) -> set[str]:
        return {key for key, _label in self.parts}


def open_change_request(submission: Submission) -> ChangeRequest | None:
    """The editors' request for changes the submitter has not answered yet, or None."""
    if submission.state != Submission.State.CHANGES_REQUESTED:
        return None
    request = (
        StateChange.objects.filter(
            submission=submission, to_state=Submission.State.CHANGES_REQUESTED
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if request is None:
        return None
    labels = dict(part_choices(submission))
    edits = request.editors_edits or {}
    return ChangeRequest(
        message=request.comment,
        requested_at=request.created_at,
        parts=[(key, labels[key]) for key in request.parts if key in labels],
        changes=text_changes(submission, edits["original"], edits["edited"]) if edits else [],
    )


def requested_parts(submission: Submission) -> set[str]:
    """The keys of the parts the open request points at (empty when there is none)."""
    request = open_change_request(submission)
    return request.part_keys if request else set()


def mark_requested_fields(form, keys: set[str], fields: dict[str, str]) -> None:
    """Mark the fields of `form` that the open request points at (`keys`, from
    `requested_parts`): `fields` maps a form field's name to its part key. The field gets a
    note in its help text and an attribute to style it by."""
    for name, key in fields.items():
        if key in keys and name in form.fields:
            form_field = form.fields[name]
            note = str(_("The editors ask you to look at this."))
            form_field.help_text = f"{note} {form_field.help_text}".strip()
            form_field.widget.attrs["data-editors-request"] = "true"
