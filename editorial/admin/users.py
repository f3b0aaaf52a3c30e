"""The accounts' admin (Django's own, for superusers): a password an administrator sets for
someone else is a temporary one (editorial.account_setup)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from editorial import account_setup

User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            account_setup.password_set_by_another(obj)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        saved = request.method == "POST" and response.status_code == 302
        if saved and str(id) != str(request.user.pk):
            user = User.objects.get(pk=id)
            if user.has_usable_password():
                account_setup.password_set_by_another(user)
        return response
