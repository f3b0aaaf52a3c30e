from django.core.management.base import BaseCommand
from django.db import transaction
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "Queue every failed background task again (e-mails that failed while the mail server "
        "was down, say) and remove the failed entries, so that running it twice sends nothing "
        "twice. The worker (db_worker) then runs them."
    )

    def handle(self, **options):
        retried = 0
        with transaction.atomic():
            for failed in DBTaskResult.objects.failed().select_for_update():
                result = failed.task_result
                failed.task.enqueue(*result.args, **result.kwargs)
                failed.delete()
                retried += 1
        self.stdout.write(f"Queued {retried} failed task(s) again.")
