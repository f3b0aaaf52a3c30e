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
