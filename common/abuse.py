"""Anti-automation for the public forms and every action that sends e-mail or stores a file: a
honeypot field, and hourly rate limits per client and per case (the table: `common.limits`)."""

import hashlib
import hmac
import ipaddress
import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import limits
from common.models import RateLimitEvent

logger = logging.getLogger("common.abuse")

RATE_LIMIT_WINDOW = timedelta(hours=1)
HONEYPOT_FIELD = "homepage"


def client_address(request) -> str:
    """The visitor's address. Behind settings.PROXY_COUNT proxies of our own, REMOTE_ADDR is the
    nearest proxy and each proxy appends the address it was reached from to X-Forwarded-For: the
    visitor is the PROXY_COUNT-th entry from the right. Entries further left are whatever the
    visitor sent, so they are never trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.PROXY_COUNT
    if not hops:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    return forwarded[-hops] if len(forwarded) >= hops else remote


def client_group(address: str) -> str:
    """What one client is, for counting: an IPv4 address, or an IPv6 /64 network (one home or
    phone gets a whole /64 and can change addresses within it at will)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def client_key(request) -> str:
    """A keyed hash of the client's address: enough to count, useless to identify anyone."""
    return _keyed(client_group(client_address(request)))


def case_key(case) -> str:
    """What one case is, for counting: a saved object (a submission, a person) by its model
    and key, anything else (an e-mail address) as text, case-insensitive."""
    if hasattr(case, "_meta") and getattr(case, "pk", None) is not None:
        return f"{case._meta.label_lower}:{case.pk}"
    return str(case).strip().lower()


def _keyed(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def limit_hit(request, scope: str, *, case=None, now=None) -> str | None:
    """Record this POST for `scope` and say which hourly limit it is over: "client", "case"
    (when `case` is given and the scope is limited per case) or None. A post over a limit is
    not recorded, so a client that stops is let through again an hour after its last success.
    """
    now = now or timezone.now()
    window_start = now - RATE_LIMIT_WINDOW
    RateLimitEvent.objects.filter(created_at__lt=window_start).delete()
    allowed = limits.limit(scope)
    counted = [("client", client_key(request), allowed.per_client)]
    if case is not None and allowed.per_case is not None:
        # In the same table as the clients, told apart by the prefix before hashing.
        counted.append(("case", _keyed(f"case:{case_key(case)}"), allowed.per_case))
    for kind, key, most in counted:
        recent = RateLimitEvent.objects.filter(
            scope=scope, client=key, created_at__gte=window_start
        )
        if recent.count() >= most:
            logger.warning("rate_limit_hit scope=%s per=%s", scope, kind)
            return kind
    for _kind, key, _most in counted:
        RateLimitEvent.objects.create(scope=scope, client=key, created_at=now)
    return None


def rate_limit_exceeded(request, scope: str, *, case=None, now=None) -> bool:
    """Record this POST for `scope` and say whether it is over an hourly limit."""
    return limit_hit(request, scope, case=case, now=now) is not None


class HoneypotMixin(forms.Form):
    """A field people never see or fill in; a bot that fills it is answered as if all went well."""

    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        spam = bool(self.data.get(self.add_prefix(HONEYPOT_FIELD)))
        if spam:
            logger.warning("honeypot_hit form=%s", type(self).__name__)
        return spam
