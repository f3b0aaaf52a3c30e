"""Mixins for the ModelAdmins of the apps."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history pages answer 404 to an address whose id is not one
    (`.../1/change/history/`): django-simple-history passes the id to the query unchecked, and
    the database's ValueError became a 500."""

    def history_view(self, request, object_id, extra_context=None):
        self._check_id(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_id(object_id)
        self._check_id(version_id, field=self.model.history.model._meta.pk)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _check_id(self, value, *, field=None):
        try:
            (field or self.model._meta.pk).to_python(unquote(str(value)))
        except (ValidationError, ValueError) as error:
            raise Http404 from error


class DeleteThroughService:
    """Deletes through `delete_service(queryset)`, a service that also tells readers, both from
    an object's delete page and with the bulk action "Delete selected".

    Set it as `delete_service = staticmethod(services.delete_things)`.
    """

    delete_service = None

    def delete_model(self, request, obj):
        self.delete_queryset(request, type(obj)._default_manager.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        self.delete_service(queryset)


class ReadOnlyAdminMixin:
    """Rows shown in the admin and never added, changed or deleted there (logs, reference data,
    the privacy notice's versions)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
