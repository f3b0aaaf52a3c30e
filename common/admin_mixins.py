"""Mixins for the ModelAdmins of the apps."""


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
