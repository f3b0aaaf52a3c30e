"""/helse/: can this process serve requests? For the load balancer and the monitoring.

It answers 200 when the database (and the shared cache, when CACHE_URL is set) answer, else 503.
The body says which check failed and nothing more; the reason goes to the log.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("kokebok.health")


def database_answers() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers() -> bool:
    value = secrets.token_hex(8)
    cache.set("health:probe", value, timeout=10)
    return cache.get("health:probe") == value


def run_check(name: str, check) -> bool:
    try:
        return check()
    except Exception as error:  # whatever the failure, the answer is "not healthy"
        logger.warning("health_failed check=%s error=%s", name, type(error).__name__)
        return False


@never_cache
@require_safe
def health(request):
    checks = {"database": database_answers}
    if settings.CACHE_URL:
        checks["cache"] = cache_answers
    results = {name: run_check(name, check) for name, check in checks.items()}
    healthy = all(results.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": {name: "ok" if ok else "failing" for name, ok in results.items()},
        },
        status=200 if healthy else 503,
    )
