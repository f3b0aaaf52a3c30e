from urllib.parse import urlencode

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from editorial import account_setup, roles
from editorial.dashboard import dashboard
from editorial.views import second_factor_link, second_factor_step


class EditorialAdminSite(admin.AdminSite):
    """The admin, open only to editors (members of an editor group) and superusers, who have
    also passed the second factor when settings.EDITOR_MFA asks for it, and replaced a temporary
    password (editorial.account_setup)."""

    site_header = _("Kokebok editorial")
    site_title = _("Kokebok editorial")
    index_title = _("Editorial work")
    # The start page: what waits for the editor and the figures of the call, the app list below.
    index_template = "editorial/dashboard.html"

    def has_permission(self, request):
        return roles.may_use_admin(request.user) and not account_setup.password_pending(request)

    def index(self, request, extra_context=None):
        extra_context = {"dashboard": dashboard(request.user), **(extra_context or {})}
        return super().index(request, extra_context)

    def login(self, request, extra_context=None):
        # After the password, the admin sends an editor here until they have replaced a
        # temporary password and passed the second factor.
        if roles.needs_second_factor(request.user) or (
            account_setup.password_pending(request) and roles.is_editor(request.user)
        ):
            query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
            return redirect(f"{reverse('admin:second_factor')}?{query}")
        response = super().login(request, extra_context)
        if request.method == "POST" and request.user.is_authenticated:
            account_setup.setup_for_session(request)
        return response

    def get_urls(self):
        return [
            path("to-trinn/", second_factor_step, name="second_factor"),
            path("to-trinn/lenke/<str:token>/", second_factor_link, name="second_factor_link"),
            # The editor's language for the admin (a cookie; see editorial.middleware).
            path("sprak/", set_language, name="language"),
            *super().get_urls(),
        ]
