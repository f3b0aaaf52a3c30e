from django.core.management.base import BaseCommand

from editorial import retention


class Command(BaseCommand):
    help = (
        "Erase the personal data that has passed its retention period (cases never published, "
        "readers' input not published, finished tasks, rate-limit events, old log entries, "
        "expired sessions) and record the run. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be erased; change nothing"
        )

    def handle(self, *args, dry_run=False, **options):
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
