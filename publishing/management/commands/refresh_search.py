from django.core.management.base import BaseCommand

from publishing.services import refresh_search_documents
from submissions.models import Submission


class Command(BaseCommand):
    help = (
        "Rebuild the search documents of every published case. Publishing keeps them current; "
        "run this once for cases published before it did (the demo runs it on every start)."
    )

    def handle(self, *args, **options):
        count = refresh_search_documents(Submission.objects.published())
        self.stdout.write(f"{count} search document(s) rebuilt.")
