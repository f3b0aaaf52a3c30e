"""The parts of a case shown on its change page: notes, answers, enterprises, people, requests
for approval and changes of state."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin.forms import URL_FIELDS
from editorial.models import EditorialNote
from submissions.models import Answer, EditApproval, Person, SocialEnterprise, StateChange
from submissions.workflow import text_is_locked


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

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and text_is_locked(obj):
            return [*self.readonly_fields, "text"]
        return self.readonly_fields


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
    fields = ["created_at", "from_state", "to_state", "by_user", "by_submitter", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EditApprovalInline(admin.TabularInline):
    model = EditApproval
    extra = 0
    fields = ["requested_at", "requested_by", "decision", "comment", "answered_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False
