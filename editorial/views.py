"""The step after the password in the admin: set up an authenticator app, or give its code.

Not behind `admin_view`, since that admits only editors who have passed this step; it admits
editors who have given their password (roles.needs_second_factor).
"""

from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from editorial import roles, second_factor
from editorial.forms import CodeForm

TEMPLATE = "editorial/second_factor.html"


@never_cache
@sensitive_post_parameters("code")
def second_factor_step(request):
    if not roles.is_editor(request.user):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if request.method == "POST" and request.POST.get("action") == "logout":
        logout(request)
        return redirect("admin:login")
    next_url = _next_url(request)
    if not roles.needs_second_factor(request.user):
        return redirect(next_url)
    if second_factor.confirmed_app(request.user) is None:
        return _set_up_app(request, next_url)
    return _give_code(request, next_url)


def _set_up_app(request, next_url):
    device = second_factor.pending_app(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = _checked(form, lambda code: second_factor.confirm_app(request, device, code))
        if codes:
            context = {"title": _("Your backup codes"), "codes": codes, "next": next_url}
            return render(request, "editorial/backup_codes.html", _context(request, context))
    context = {
        "title": _("Set up an authenticator app"),
        "setting_up": True,
        "form": form,
        "next": next_url,
        "qr_code": second_factor.qr_code(device),
        "secret": second_factor.typed_secret(device),
    }
    return render(request, TEMPLATE, _context(request, context))


def _give_code(request, next_url):
    form = CodeForm(request.POST or None)
    verified = (
        request.method == "POST"
        and form.is_valid()
        and _checked(form, lambda code: second_factor.verify(request, code))
    )
    if verified:
        return redirect(next_url)
    context = {"title": _("Code from your authenticator app"), "form": form, "next": next_url}
    return render(request, TEMPLATE, _context(request, context))


def _checked(form, check):
    """`check(code)`; a wrong code or too many tries is said next to the field."""
    try:
        result = check(form.cleaned_data["code"])
    except second_factor.TooManyAttempts as refused:
        until = time_format(timezone.localtime(refused.locked_until), "H:i:s")
        form.add_error(
            "code", _("Too many wrong codes. Try again after %(time)s.") % {"time": until}
        )
        return None
    if not result:
        form.add_error(
            "code",
            _("That code is not right. Check the time on your phone and give the newest code."),
        )
    return result


def _next_url(request) -> str:
    """Where to go afterwards: the address the admin sent the editor from, if it is ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else reverse("admin:index")


def _context(request, extra: dict) -> dict:
    return {**admin.site.each_context(request), **extra}
