"""The parts of a case shown on its change page: notes, answers, enterprises, people, requests
for approval and changes of state."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from editorial.admin.forms import URL_FIELDS
from editorial.models import EditorialNote
from submissions.change_requests import part_names
from submissions.models import Answer, EditApproval, Person, SocialEnterprise, StateChange


class EnterpriseInline(admin.TabularInline):
    model = SocialEnterprise
    extra = 0
    formfield_overrides = URL_FIELDS


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["side", "name", "role", "email", "phone", "is_submitter", "participation", "consent"]
    readonly_fields = ["side", "participation", "is_submitter", "consent"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("consent"))
    def consent(self, person):
        current = person.current_consents()
        return ", ".join(
            f"{purpose}: {'✓' if granted else '✗'}" for purpose, granted in current.items()
        )


class AnswerInline(admin.StackedInline):
    model = Answer
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
