"""Moderation of readers' input and suggested tools, and the editors' toolbox."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin_mixins import DeleteThroughService, HistoryAdmin
from participation import services
from participation.forms import PitchCallForm
from participation.models import NEVER_A_PITCH, Input, Moderation, Tool
from submissions.models import Call

NO_OPEN_CALL = _(
    "No call takes pitches now, so no pitch was made. First add a call whose pitch deadline is "
    "in the future, or move the deadline of one."
)


def _left_out_notes(items) -> list[str]:
    """Why some of the selected input will not become a pitch, one note per reason."""
    unwanted = sum(item.status in NEVER_A_PITCH for item in items)
    used = sum(item.pitch_id is not None and item.status not in NEVER_A_PITCH for item in items)
    notes = []
    if unwanted:
        message = ngettext(
            "%(count)d input is marked as spam or rejected, so no pitch is made from it.",
            "%(count)d inputs are marked as spam or rejected, so no pitches are made from them.",
            unwanted,
        )
        notes.append(message % {"count": unwanted})
    if used:
        message = ngettext(
            "%(count)d input has already been turned into a pitch, so it is left out.",
            "%(count)d inputs have already been turned into pitches, so they are left out.",
            used,
        )
        notes.append(message % {"count": used})
    return notes


class ModerationAdmin(DeleteThroughService, HistoryAdmin):
    """Counts of what waits on top of the list, and approve / reject / spam as bulk actions.
    Saving, moderating and deleting go through the services, which tell readers."""

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


class InputAdminForm(forms.ModelForm):
    class Meta:
        model = Input
        fields = []  # the admin's `fields` choose them
        # The model's field has no verbose name (one would take a migration): the editors read
        # this label, in their language, instead of "Moderated by".
        labels = {"moderated_by": _("moderated by")}


@admin.register(Input)
class InputAdmin(ModerationAdmin):
    form = InputAdminForm
    delete_service = staticmethod(services.delete_inputs)
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
        services.save_input(obj, changed=form.changed_data, by=request.user)

    @admin.action(description=_("Turn the selected input into pitches…"))
    def make_pitch(self, request, queryset):
        """Ask for an open call, then make one pitch per usable input (see
        services.create_pitch_from_input); spam, rejected and already used input is left out."""
        items = list(queryset)
        usable = [item for item in items if item.can_become_pitch]
        notes = _left_out_notes(items)
        if not usable or not Call.objects.accepting_pitches().exists():
            for note in notes:
                self.message_user(request, note, messages.WARNING)
            if usable:
                self.message_user(request, NO_OPEN_CALL, messages.ERROR)
            return None
        form = PitchCallForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._make_pitches(request, usable, form.cleaned_data["call"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Turn input into pitches"),
            "opts": self.model._meta,
            "items": usable,
            "notes": notes,
            "form": form,
        }
        return TemplateResponse(request, "participation/make_pitch.html", context)

    def _make_pitches(self, request, items, call):
        made = changed = 0
        for item in items:
            try:
                services.create_pitch_from_input(item, call=call, by=request.user)
                made += 1
            except services.PitchRefused:
                # Marked as spam, turned into a pitch by someone else, or the call closed
                # while this editor was choosing.
                changed += 1
        if made:
            message = ngettext(
                "%(count)d pitch made in “%(call)s”. Its writer gets an e-mail with a link to "
                "complete it.",
                "%(count)d pitches made in “%(call)s”. Each writer gets an e-mail with a link to "
                "complete theirs.",
                made,
            )
            self.message_user(
                request, message % {"count": made, "call": call.display_title}, messages.SUCCESS
            )
        if changed:
            message = ngettext(
                "%(count)d input was changed by someone else, or the call closed, while you "
                "chose; no pitch was made from it.",
                "%(count)d inputs were changed by someone else, or the call closed, while you "
                "chose; no pitches were made from them.",
                changed,
            )
            self.message_user(request, message % {"count": changed}, messages.WARNING)


@admin.register(Tool)
class ToolAdmin(ModerationAdmin):
    delete_service = staticmethod(services.delete_tools)
    list_display = ["title", "audience", "status", "position", "created_at"]
    list_editable = ["position"]
    list_filter = ["status", "audience", "themes"]
    search_fields = ["title", "description", "link"]
    filter_horizontal = ["themes"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["suggested_by_name", "suggested_by_email", "created_at"]

    def save_model(self, request, obj, form, change):
        services.save_tool(obj, by=request.user)

    def get_changeform_initial_data(self, request):
        # A tool an editor adds is published at once; only readers' suggestions wait.
        return {"status": Moderation.APPROVED}
