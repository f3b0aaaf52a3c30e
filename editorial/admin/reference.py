"""Calls and their guiding questions, themes, municipalities and counties.

Calls and themes are saved and deleted through editorial.services, which tell readers.
"""

from django.contrib import admin

from common.admin_mixins import DeleteThroughService, HistoryAdmin, ReadOnlyAdminMixin
from editorial import services
from submissions import services as submission_services
from submissions.models import Call, County, GuidingQuestion, Municipality, Theme


class GuidingQuestionInline(admin.TabularInline):
    model = GuidingQuestion
    extra = 0
    fields = ["position", "text", "text_nn", "text_en", "help_text", "help_text_nn", "help_text_en"]


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
