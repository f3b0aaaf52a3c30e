"""Anti-automation for the public forms: a honeypot field and a per-client rate limit."""

import hashlib
import hmac
import ipaddress
import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    group = client_group(client_address(request))
    return hmac.new(settings.SECRET_KEY.encode(), group.encode(), hashlib.sha256).hexdigest()


def rate_limit_exceeded(request, scope: str, *, now=None) -> bool:
    """Record this POST for `scope` and say whether the client is over its hourly limit."""
    now = now or timezone.now()
    client = client_key(request)
    window_start = now - RATE_LIMIT_WINDOW
    RateLimitEvent.objects.filter(created_at__lt=window_start).delete()
    recent = RateLimitEvent.objects.filter(
        scope=scope, client=client, created_at__gte=window_start
    ).count()
    if recent >= settings.RATE_LIMITS[scope]:
        logger.warning("rate_limit_hit scope=%s", scope)
        return True
    RateLimitEvent.objects.create(scope=scope, client=client, created_at=now)
    return False


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
