"""System checks for settings that Django's own `check --deploy` cannot judge."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_count_is_set_behind_a_proxy(app_configs, **kwargs):
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.PROXY_COUNT:
        return [
            Warning(
                "SECURE_PROXY_SSL_HEADER says a proxy stands in front, but PROXY_COUNT is 0: "
                "every visitor would have the proxy's address and share one rate limit.",
                hint="Set PROXY_COUNT to the number of proxies in front of gunicorn (1 for one "
                "nginx that sets X-Forwarded-For).",
                id="kokebok.W001",
            )
        ]
    return []
