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


# Hosts that are never one production site: any host at all, any subdomain, Django's test client.
_TOO_WIDE = ("*", "testserver")


@register(Tags.security, deploy=True)
def allowed_hosts_are_strict(app_configs, **kwargs):
    wide = [h for h in settings.ALLOWED_HOSTS if h in _TOO_WIDE or h.startswith(".")]
    if wide:
        return [
            Warning(
                f"ALLOWED_HOSTS accepts {', '.join(wide)}: a request may then name a host of "
                "its own, which Django's own helpers put into links.",
                hint="Set ALLOWED_HOSTS to the site's own host names (that of SITE_URL).",
                id="kokebok.W002",
            )
        ]
    return []
