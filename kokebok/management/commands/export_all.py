from django.core.management.base import BaseCommand, CommandError

from kokebok.backup import export_all


class Command(BaseCommand):
    help = (
        "Write the whole database (calls, submissions, history, users, ...) to one JSON file "
        "that import_all restores. Uploaded files are not included: back up MEDIA_ROOT too."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the JSON file.")

    def handle(self, *, file, **options):
        if not file.endswith(".json"):
            # loaddata, which import_all uses, knows the format by the file name.
            raise CommandError("The file name must end in .json.")
        count = export_all(file)
        self.stdout.write(f"Wrote {count} rows to {file}.")
