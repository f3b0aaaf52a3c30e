"""Calls and their guiding questions, themes, municipalities and counties.

Calls and themes are saved and deleted through editorial.services, which tell readers.
"""

from collections import Counter

from django.contrib import admin
from django.db import models
from django.forms import Textarea
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from common.admin_mixins import DeleteThroughService, HistoryAdmin, ReadOnlyAdminMixin
from editorial import services
from submissions import services as submission_services
from submissions.models import Call, County, GuidingQuestion, Municipality, Theme


class GuidingQuestionFormSet(BaseInlineFormSet):
    """At most one question per role among the call's questions, which the page shows all of;
    a role may move from one question to another in one save."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and form not in self.deleted_forms
        ]
        roles = Counter(form.cleaned_data.get("role") for form in kept)
        for form in kept:
            role = form.cleaned_data.get("role")
            if role and roles[role] > 1:
                form.add_error("role", _("Only one question of a call may have this role."))

    def save_existing_objects(self, commit=True):
        # The rows are saved in the page's order: a question taking a role before the one
        # giving it up is saved would meet the database's constraint. So the roles that change
        # are cleared first (inside the admin's transaction); each save then sets its own.
        if commit:
            changing = [
                form.instance.pk
                for form in self.initial_forms
                if form in self.deleted_forms or "role" in form.changed_data
            ]
            GuidingQuestion.objects.filter(pk__in=changing).update(role="")
        return super().save_existing_objects(commit)


class GuidingQuestionInline(admin.TabularInline):
    model = GuidingQuestion
    formset = GuidingQuestionFormSet
    extra = 0
    # The role beside the texts and the help texts smaller: at 1280 px wide the table showed no
    # further than the first help text, and the role stayed out of sight.
    fields = [
        "position", "text", "text_nn", "text_en", "role", "help_text", "help_text_nn",
        "help_text_en",
    ]  # fmt: skip
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 24})}}


@admin.register(Call)
class CallAdmin(DeleteThroughService, HistoryAdmin):
    list_display = ["title", "pitch_deadline", "writeup_deadline"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GuidingQuestionInline]
    delete_service = staticmethod(services.delete_calls)

    def save_model(self, request, obj, form, change):
        services.save_call(obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        submission_services.add_default_questions(form.instance)


@admin.register(Theme)
class ThemeAdmin(DeleteThroughService, HistoryAdmin):
    list_display = ["name", "position", "slug"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_nn", "name_en"]
    delete_service = staticmethod(services.delete_themes)

    def save_model(self, request, obj, form, change):
        services.save_theme(obj, by=request.user)


class ReferenceDataAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Municipalities and counties, as the migrations load them from Statistics Norway's
    numbers: shown, never changed here (their names are on the public pages and in the search
    documents)."""


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin):
    list_display = ["number", "name", "county"]
    search_fields = ["number", "name"]
    list_filter = ["county"]


@admin.register(County)
class CountyAdmin(ReferenceDataAdmin):
    list_display = ["number", "name"]
