"""The step after the password in the admin: choose one's own password in place of a temporary
one, open the e-mailed set-up link (editorial.account_setup), set up an authenticator app, or
give its code.

Not behind `admin_view`, since that admits only editors who have passed this step; it admits
editors who have given their password (roles.needs_second_factor).
"""

from urllib.parse import urlencode

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

from editorial import account_setup, roles, second_factor
from editorial.forms import CodeForm, OwnPasswordForm

TEMPLATE = "editorial/second_factor.html"


@never_cache
@sensitive_post_parameters("code", "new_password1", "new_password2")
def second_factor_step(request):
    if not roles.is_editor(request.user):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if request.method == "POST" and request.POST.get("action") == "logout":
        logout(request)
        return redirect("admin:login")
    next_url = _next_url(request)
    setup = account_setup.setup_for_session(request)
    if account_setup.must_choose_password(setup):
        return _choose_password(request, setup, next_url)
    if not roles.needs_second_factor(request.user):
        return redirect(next_url)
    if second_factor.confirmed_app(request.user) is None:
        if not account_setup.may_set_up_app(request, setup):
            return _wait_for_link(request, setup, next_url)
        return _set_up_app(request, next_url)
    return _give_code(request, next_url)


@never_cache
def second_factor_link(request, token):
    """The e-mailed set-up link: its token goes into this browser's session, then on to the
    step (through the password first, when this browser is not signed in)."""
    account_setup.link_opened(request, token)
    if not roles.is_editor(request.user):
        return redirect_to_login(reverse("admin:second_factor"), reverse("admin:login"))
    return redirect("admin:second_factor")


def _choose_password(request, setup, next_url):
    if account_setup.temporary_password_expired(setup):
        logout(request)
        context = {"title": _("Your temporary password has expired"), "expired": True}
        return render(request, "editorial/own_password.html", _context(request, context))
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_setup.choose_password(request, form)
        return redirect(f"{reverse('admin:second_factor')}?{urlencode({'next': next_url})}")
    context = {"title": _("Choose your own password"), "form": form, "next": next_url}
    return render(request, "editorial/own_password.html", _context(request, context))


def _wait_for_link(request, setup, next_url):
    """Until the e-mailed link is opened in this browser: the first visit sends it, and the
    editor may ask for a new one (no sooner than account_setup.LINK_INTERVAL)."""
    asked = request.method == "POST" and request.POST.get("action") == "send_link"
    sent = (asked or setup.link_sent_at is None) and account_setup.send_link(request, setup)
    context = {
        "title": _("Open the link we e-mailed you"),
        "email": request.user.email,
        "sent": sent,
        "asked": asked,
        "link_sent_at": setup.link_sent_at,
        "hours": account_setup.LINK_HOURS,
        "next": next_url,
    }
    return render(request, "editorial/setup_link.html", _context(request, context))


def _set_up_app(request, next_url):
    device = second_factor.pending_app(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = _checked(form, lambda code: second_factor.confirm_app(request, device, code))
        except second_factor.SetUpNotAllowed:  # a newer link went out meanwhile
            return redirect("admin:second_factor")
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
