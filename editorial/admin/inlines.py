"""The parts of a case shown on its change page: notes, answers, enterprises, people, requests
for approval and changes of state."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from editorial.admin.forms import URL_FIELDS
from editorial.models import EditorialNote
from submissions.change_requests import part_names
from submissions.models import Answer, EditApproval, Person, SocialEnterprise, StateChange


def labelled(model, labels: dict):
    """A form for an inline of `model` whose columns carry these labels: fields of the
    submissions' models that have no verbose name of their own (giving them one would take a
    migration of that app), in the editor's language, in the headings and the read-only rows."""
    meta = type("Meta", (), {"model": model, "fields": [], "labels": labels})
    return type(f"{model.__name__}InlineForm", (forms.ModelForm,), {"Meta": meta})


def access_export_link(person: Person, text=None) -> str:
    """The link to a person's access export, on their page and in their case's people."""
    if person.pk is None:
        return ""
    url = reverse("admin:submissions_person_access_export", args=[person.pk])
    return format_html(
        '<a href="{}">{}</a>', url, text or _("Export everything held (access request)")
    )


class EnterpriseInline(admin.TabularInline):
    model = SocialEnterprise
    extra = 0
    formfield_overrides = URL_FIELDS


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    # The consents are on the page's review panel (editorial.review), in words: here they would
    # make the table wider than the window.
    fields = ["side", "name", "role", "email", "phone", "is_submitter", "participation"]
    fields += ["access_export"]
    readonly_fields = ["side", "participation", "is_submitter", "access_export"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("access request"))
    def access_export(self, person):
        # Short: the column is narrow, and its heading says what it is.
        return access_export_link(person, _("Export (ZIP)"))


class AnswerInline(admin.StackedInline):
    model = Answer
    form = labelled(Answer, {"question": _("question")})
    extra = 0
    fields = ["question", "text"]
    readonly_fields = ["question"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class NoteInline(admin.StackedInline):
    model = EditorialNote
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    can_delete = False
    verbose_name_plural = _("internal notes (never public)")

    def has_change_permission(self, request, obj=None):
        return False


class StateChangeInline(admin.TabularInline):
    model = StateChange
    form = labelled(
        StateChange,
        {
            "created_at": _("when"),
            "from_state": _("from"),
            "to_state": _("to"),
            "by_user": _("by the editor"),
            "by_submitter": _("by the submitter"),
            "comment": _("comment"),
        },
    )
    extra = 0
    fields = [
        "created_at",
        "from_state",
        "to_state",
        "by_user",
        "by_submitter",
        "comment",
        "parts_named",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("parts to look at"))
    def parts_named(self, change):
        return ", ".join(part_names(change.submission, change.parts)) if change.parts else "-"


class EditApprovalInline(admin.TabularInline):
    """The requests to approve edits; a pending one links to recording an approval given
    outside the system."""

    model = EditApproval
    form = labelled(EditApproval, {"requested_at": _("asked"), "requested_by": _("asked by")})
    extra = 0
    fields = [
        "requested_at",
        "requested_by",
        "note",
        "decision",
        "comment",
        "answered_at",
        "reminded_at",
        "outside_approval",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("given outside the system"))
    def outside_approval(self, approval):
        if approval.decision == EditApproval.Decision.PENDING:
            url = reverse(
                "admin:submissions_submission_outside_approval",
                args=[approval.submission_id, approval.pk],
            )
            return format_html('<a href="{}">{}</a>', url, _("Record an approval…"))
        if not approval.outside_channel:
            return "-"
        return _("%(channel)s, from %(approver)s, recorded by %(editor)s") % {
            "channel": approval.get_outside_channel_display(),
            "approver": approval.outside_approver,
            "editor": approval.recorded_by or "-",
        }
