"""The people of a case, and the log of erased contact data."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin_mixins import DeleteThroughService
from editorial import services as editorial_services
from submissions.models import Erasure, Person


@admin.register(Person)
class PersonAdmin(DeleteThroughService, SimpleHistoryAdmin):
    list_display = ["name", "side", "submission", "participation"]
    search_fields = ["name", "email", "submission__title"]
    list_filter = ["side", "participation"]
    readonly_fields = ["submission", "participation", "is_submitter", "language"]
    fields = ["submission", "side", "name", "role", "email", "phone", *readonly_fields[1:]]
    actions = ["erase"]
    delete_service = staticmethod(editorial_services.delete_people)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        editorial_services.save_person(obj, by=request.user)

    @admin.action(description=_("Erase the contact data of the selected people (on request)"))
    def erase(self, request, queryset):
        for person in queryset.select_related("submission"):
            editorial_services.erase_person(person, by=request.user, reason="request")
        self.message_user(
            request, _("Contact data erased and the erasure logged."), messages.SUCCESS
        )


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    list_display = ["erased_at", "submission", "person_id", "erased_by", "history_rows", "reason"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
