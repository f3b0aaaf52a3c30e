"""The people of a case, the log of erased contact data, and a person's access request."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.admin_mixins import DeleteThroughService, HistoryAdmin, ReadOnlyAdminMixin
from editorial import access_requests, retention
from editorial import services as editorial_services
from editorial.admin.inlines import access_export_link
from editorial.admin.views import download
from editorial.models import AccessExport, RetentionRun
from submissions.models import Erasure, Person


@admin.register(Person)
class PersonAdmin(DeleteThroughService, HistoryAdmin):
    list_display = ["name", "side", "submission", "participation"]
    search_fields = ["name", "email", "submission__title"]
    list_filter = ["side", "participation"]
    readonly_fields = ["submission", "participation", "is_submitter", "language", "access_export"]
    fields = ["submission", "side", "name", "role", "email", "phone", *readonly_fields[1:]]
    actions = ["erase", "export_access"]
    delete_service = staticmethod(editorial_services.delete_people)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        editorial_services.save_person(obj, by=request.user)

    @admin.display(description=_("access request"))
    def access_export(self, person):
        return access_export_link(person)

    def get_urls(self):
        export = self.admin_site.admin_view(self.access_export_view)
        return [
            path("<path:object_id>/innsyn/", export, name="submissions_person_access_export"),
            *super().get_urls(),
        ]

    def access_export_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        person = self.get_object(request, unquote(object_id))
        if person is None:
            raise Http404
        return self._download_export(request, person)

    def _download_export(self, request, person):
        data = access_requests.export_zip(person, by=request.user)
        name = f"innsyn-person-{person.pk}-{timezone.localdate():%Y-%m-%d}.zip"
        return download(data, "application/zip", name)

    @admin.action(
        description=_("Export everything held about the selected person (access request)")
    )
    def export_access(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one person to export."), messages.ERROR)
            return None
        return self._download_export(request, queryset.get())

    @admin.action(description=_("Erase the contact data of the selected people (on request)"))
    def erase(self, request, queryset):
        for person in queryset.select_related("submission"):
            editorial_services.erase_person(person, by=request.user, reason="request")
        self.message_user(
            request, _("Contact data erased and the erasure logged."), messages.SUCCESS
        )


class ReadOnlyLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A log: read, never written by hand."""


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    list_display = ["erased_at", "submission", "person_id", "erased_by", "history_rows", "reason"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessExport)
class AccessExportAdmin(ReadOnlyLogAdmin):
    list_display = ["exported_at", "person_id", "submission", "exported_by", "records"]
    readonly_fields = list_display


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyLogAdmin):
    list_display = ["ran_at", "dry_run", "erased"]
    readonly_fields = ["ran_at", "dry_run", "periods", "erased"]

    @admin.display(description=_("erased, per kind"))
    def erased(self, run):
        counts = [
            f"{label}: {run.counts[kind]}"
            for kind, label in retention.KIND_LABELS.items()
            if run.counts.get(kind)
        ]
        return "; ".join(counts) or _("Nothing.")
