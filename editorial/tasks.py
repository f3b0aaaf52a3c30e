"""The daily retention run as a task, for a host whose task worker runs it instead of cron.

`manage.py apply_retention --schedule` queues the first run; each run queues the next for the
following night, so one worker (`db_worker`) keeps it going. Queued only once: a run already
waiting is not queued again, so scheduling twice (or on every deployment) is safe.
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from editorial import retention

logger = logging.getLogger("kokebok.editorial")

OSLO = ZoneInfo("Europe/Oslo")
RUN_AT = dt.time(3, 40)  # at night, Norwegian time, after the backup


@task()
def apply_retention_daily() -> dict:
    """Apply retention now, then queue tomorrow's run. Returns the counts."""
    run = retention.apply_retention()
    schedule_daily_retention()
    return run.counts


def schedule_daily_retention(now=None) -> bool:
    """Queue the next nightly run unless one is waiting. False when the task backend cannot
    run a task later (the immediate backend of development) or one was waiting already."""
    if not apply_retention_daily.get_backend().supports_defer:
        return False
    waiting = DBTaskResult.objects.filter(
        task_path=apply_retention_daily.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    run_after = next_run(now or timezone.now())
    apply_retention_daily.using(run_after=run_after).enqueue()
    logger.info("retention_scheduled run_after=%s", run_after.isoformat())
    return True


def next_run(now: dt.datetime) -> dt.datetime:
    """The next RUN_AT in Oslo after `now`."""
    local = timezone.localtime(now, OSLO)
    candidate = dt.datetime.combine(local.date(), RUN_AT, tzinfo=OSLO)
    if candidate <= local:
        candidate = dt.datetime.combine(local.date() + dt.timedelta(days=1), RUN_AT, tzinfo=OSLO)
    return candidate
