from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.roles import is_editor


class EditorialAdminSite(admin.AdminSite):
    """The admin, open only to editors (members of an editor group) and superusers."""

    site_header = _("Kokebok editorial")
    site_title = _("Kokebok editorial")
    index_title = _("Editorial work")

    def has_permission(self, request):
        return is_editor(request.user)
