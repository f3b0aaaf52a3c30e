"""Moderation of readers' input and suggested tools, and the editors' toolbox."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from participation import services
from participation.models import Input, Moderation, Tool
from submissions.models import Call
from submissions.signals import public_content_changed


class ModerationAdmin(SimpleHistoryAdmin):
    """Counts of what waits on top of the list, and approve / reject / spam as bulk actions."""

    change_list_template = "participation/moderation_change_list.html"
    actions = ["approve", "reject", "mark_spam"]
    list_filter = ["status"]

    def changelist_view(self, request, extra_context=None):
        counts = dict(self.model.objects.values_list("status").annotate(n=Count("pk")).order_by())
        extra_context = {
            **(extra_context or {}),
            "status_counts": [(s, label, counts.get(s, 0)) for s, label in Moderation.choices],
        }
        return super().changelist_view(request, extra_context)

    def _moderate(self, request, queryset, status):
        count = services.moderate(queryset, status, by=request.user)
        self.message_user(request, _("%(count)s updated.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Approve (publish) the selected"))
    def approve(self, request, queryset):
        self._moderate(request, queryset, Moderation.APPROVED)

    @admin.action(description=_("Reject the selected"))
    def reject(self, request, queryset):
        self._moderate(request, queryset, Moderation.REJECTED)

    @admin.action(description=_("Mark the selected as spam"))
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, Moderation.SPAM)


@admin.register(Input)
class InputAdmin(ModerationAdmin):
    list_display = ["short_text", "name", "submission", "publish_consent", "status", "created_at"]
    list_filter = ["status", "publish_consent", ("submission", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "name", "organisation", "email"]
    list_select_related = ["submission"]
    readonly_fields = [
        "submission",
        "name",
        "email",
        "organisation",
        "text",
        "publish_consent",
        "created_at",
        "moderated_by",
        "moderated_at",
        "answered_at",
        "pitch",
    ]
    fields = ["status", *readonly_fields[:6], "answer", *readonly_fields[6:]]
    actions = [*ModerationAdmin.actions, "make_pitch"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("input"))
    def short_text(self, item):
        return item.text[:80]

    def save_model(self, request, obj, form, change):
        if "answer" in form.changed_data:
            obj.answered_at = timezone.now() if obj.answer else None
        if "status" in form.changed_data:
            obj.moderated_by, obj.moderated_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        public_content_changed.send(sender=Input, submission=obj.submission)

    @admin.action(description=_("Turn the selected input into pitches in the newest call"))
    def make_pitch(self, request, queryset):
        call = Call.objects.order_by("-pitch_deadline").first()
        if call is None:
            self.message_user(request, _("There is no call to add a pitch to."), messages.ERROR)
            return
        made = [
            services.create_pitch_from_input(item, call=call, by=request.user)
            for item in queryset.filter(pitch__isnull=True)
        ]
        self.message_user(
            request, _("%(count)s pitches made.") % {"count": len(made)}, messages.SUCCESS
        )


@admin.register(Tool)
class ToolAdmin(ModerationAdmin):
    list_display = ["title", "audience", "status", "position", "created_at"]
    list_editable = ["position"]
    list_filter = ["status", "audience", "themes"]
    search_fields = ["title", "description", "link"]
    filter_horizontal = ["themes"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["suggested_by_name", "suggested_by_email", "created_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_content_changed.send(sender=Tool, submission=None)

    def get_changeform_initial_data(self, request):
        # A tool an editor adds is published at once; only readers' suggestions wait.
        return {"status": Moderation.APPROVED}
