"""Anti-automation for the public forms: a honeypot field and a per-client rate limit."""

import hashlib
import hmac
import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokebok.models import RateLimitEvent

logger = logging.getLogger("kokebok.abuse")

RATE_LIMIT_WINDOW = timedelta(hours=1)
HONEYPOT_FIELD = "homepage"


def client_key(request) -> str:
    """A keyed hash of the client's address: enough to count, useless to identify anyone."""
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


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
