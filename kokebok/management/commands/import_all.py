from django.core.management.base import BaseCommand, CommandError

from kokebok.backup import RestoreRefused, import_all


class Command(BaseCommand):
    help = (
        "Restore a file written by export_all into an empty, migrated database. "
        "Refuses a database that already has calls or submissions."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file written by export_all.")

    def handle(self, *, file, **options):
        if not file.endswith(".json"):
            # loaddata, which import_all uses, knows the format by the file name.
            raise CommandError("The file name must end in .json.")
        try:
            import_all(file)
        except RestoreRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"Restored {file}.")
