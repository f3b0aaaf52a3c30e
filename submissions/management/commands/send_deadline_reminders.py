from django.conf import settings
from django.core.management.base import BaseCommand

from submissions.services import send_deadline_reminders


class Command(BaseCommand):
    help = (
        "Remind pitch authors without a write-up that the deadline is near. "
        "Each reminder goes out once, however often this runs (run it daily from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.REMINDER_DAYS_BEFORE,
            help="Remind when the write-up deadline is at most this many days away "
            "(default: %(default)s).",
        )

    def handle(self, *args, days, **options):
        sent = send_deadline_reminders(days_before=days)
        self.stdout.write(f"Sent {sent} reminder(s).")
