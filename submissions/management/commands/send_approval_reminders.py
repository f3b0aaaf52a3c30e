from django.core.management.base import BaseCommand

from submissions.approvals import REMIND_AFTER, send_approval_reminders


class Command(BaseCommand):
    help = (
        f"Remind submitters who have not answered a request to approve the editors' edits "
        f"within {REMIND_AFTER.days} days. Each request is reminded once, however often this "
        f"runs (run it daily from cron)."
    )

    def handle(self, *args, **options):
        sent = send_approval_reminders()
        self.stdout.write(f"Sent {sent} reminder(s).")
