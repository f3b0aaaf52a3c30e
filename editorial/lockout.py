"""Throttling of the admin's password step, with django-axes (settings: `AXES_*`).

Wrong passwords are counted per username (whether the account exists or not, so the lockout
page says nothing about who has an account) and per client, by the address `common.abuse`
computes behind our proxies. Either count reaching its limit within `AXES_COOLOFF_TIME` refuses
every password, the right one included, until the cool-off has passed since the last counted
failure; attempts during a lockout are not counted, so it ends on time. An administrator lifts
it at once with `manage.py axes_reset_username <username>` (docs/operations.md).

The per-client limit is higher than the per-account one, since several editors may share an
office's address. Axes has one limit, so `TwoLimitsHandler` shifts the client's count by the
difference: either count reaching `AXES_FAILURE_LIMIT` after the shift means locked.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib import admin
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.abuse import client_address, client_group

TEMPLATE = "editorial/locked_out.html"


def client_ip(request) -> str | None:
    """The client as `common.abuse` counts it (an IPv4 address, or an IPv6 client's /64, since one
    home or phone may use any address in it), written as an address: axes stores an address,
    never a network."""
    try:
        return str(ipaddress.ip_network(client_group(client_address(request))).network_address)
    except ValueError:
        return None


class TwoLimitsHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per username (`AXES_FAILURE_LIMIT`) and a higher one
    per client (`SIGN_IN_CLIENT_FAILURE_LIMIT`). AXES_LOCKOUT_PARAMETERS is
    ["username", "ip_address"], so the attempts come in that order."""

    def get_failures(self, request, credentials=None) -> int:
        return max(count for count, _last in self._counts(request, credentials))

    def locked_until(self, request, credentials=None):
        """When the cool-off after the last failure counted toward the lockout ends (at most)."""
        limit = settings.AXES_FAILURE_LIMIT
        last = max(
            (last for count, last in self._counts(request, credentials) if count >= limit),
            default=timezone.now(),
        )
        return last + settings.AXES_COOLOFF_TIME

    def _counts(self, request, credentials):
        """(failures, time of the last) per username, then per client, the client's failures
        shifted so that AXES_FAILURE_LIMIT is the limit of both."""
        shift = settings.SIGN_IN_CLIENT_FAILURE_LIMIT - settings.AXES_FAILURE_LIMIT
        attempts_list = self.get_user_attempts(request, credentials)
        for shifted, attempts in zip((0, shift), attempts_list, strict=True):
            totals = attempts.aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
            yield (totals["n"] or 0) - shifted, totals["last"] or timezone.now()


def lockout_response(request, original_response=None, credentials=None):
    """The admin's own page, in the editor's language: when to try again and who can help.
    It names no user, and reads the same for a username that does not exist."""
    until = TwoLimitsHandler().locked_until(request, credentials)
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed sign-ins"),
        "until": timezone.localtime(until),
    }
    return render(request, TEMPLATE, context, status=429)
