"""The editors' admin of the recipes: three languages side by side, history, and every save
and delete through the services, which tell readers."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin_mixins import DeleteThroughService, HistoryAdmin
from recipes import services
from recipes.models import TEXT_FIELDS, Recipe


def _language_fieldset(title, suffix):
    fields = [f"title{suffix}", *(f"{name}{suffix}" for name in TEXT_FIELDS)]
    return (title, {"fields": fields})


@admin.register(Recipe)
class RecipeAdmin(DeleteThroughService, HistoryAdmin):
    list_display = ["title", "collaboration_form", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "title_nn", "title_en"]
    prepopulated_fields = {"slug": ["title"]}
    delete_service = staticmethod(services.delete_recipes)
    fieldsets = [
        (None, {"fields": ["collaboration_form", "slug", "published"]}),
        _language_fieldset(_("Bokmål (Markdown: lists, links, emphasis)"), ""),
        _language_fieldset(_("Nynorsk (empty: readers get the Bokmål text)"), "_nn"),
        _language_fieldset(_("English (empty: readers get the Bokmål text)"), "_en"),
    ]

    def save_model(self, request, obj, form, change):
        services.save_recipe(obj, by=request.user)
