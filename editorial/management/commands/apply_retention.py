from django.core.management.base import BaseCommand, CommandError

from editorial import retention, tasks


class Command(BaseCommand):
    help = (
        "Erase the personal data that has passed its retention period (cases never published, "
        "readers' input not published, finished tasks, rate-limit events, old log entries, "
        "expired sessions) and record the run. Run it daily from cron, or once with --schedule "
        "to have the task worker run it every night."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be erased; change nothing"
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue a nightly run for the task worker instead (each run queues the next)",
        )

    def handle(self, *args, dry_run=False, schedule=False, **options):
        if schedule:
            return self._schedule()
        if dry_run:
            # Which cases, by id and kind only: the output goes to cron's mail and logs.
            plan = retention.plan_retention()
            for pk, kind in sorted(plan.cases.items()):
                self.stdout.write(f"would erase case {pk} ({kind})")
        run = retention.apply_retention(dry_run=dry_run)
        periods = ", ".join(f"{name}={days}" for name, days in run.periods.items())
        self.stdout.write(f"Retention periods: {periods}")
        verb = "Would erase" if dry_run else "Erased"
        for kind, count in run.counts.items():
            self.stdout.write(f"{verb} {kind.replace('_', ' ')}: {count}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        return None

    def _schedule(self):
        if not tasks.apply_retention_daily.get_backend().supports_defer:
            raise CommandError(
                "The task backend cannot run tasks later: set TASKS_BACKEND=database and run "
                "db_worker, or run apply_retention from cron."
            )
        if tasks.schedule_daily_retention():
            self.stdout.write("Queued the nightly retention run for the task worker.")
        else:
            self.stdout.write("A nightly retention run is already queued.")
