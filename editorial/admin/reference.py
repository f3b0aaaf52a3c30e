"""Calls and their guiding questions, themes, municipalities and counties."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from submissions import services
from submissions.models import Call, County, GuidingQuestion, Municipality, Theme
from submissions.signals import public_content_changed


class GuidingQuestionInline(admin.TabularInline):
    model = GuidingQuestion
    extra = 0
    fields = ["position", "text", "text_nn", "text_en", "help_text", "help_text_nn", "help_text_en"]


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["title", "pitch_deadline", "writeup_deadline"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GuidingQuestionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.add_default_questions(form.instance)
        # The guiding questions are the headings of every case's page and book pages.
        public_content_changed.send(sender=Call, submission=None)


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "slug"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_nn", "name_en"]

    # Theme names and order show on every public page and in the book, so every change,
    # deletions included, tells them.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _themes_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _themes_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        _themes_changed()


def _themes_changed():
    public_content_changed.send(sender=Theme, submission=None)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county"]
    search_fields = ["number", "name"]
    list_filter = ["county"]


admin.site.register(County)
