from django.core.management.base import BaseCommand

from editorial import orphan_files


class Command(BaseCommand):
    help = (
        "Remove the media files no row points to: photos and attachments no case has, old "
        "logos, and photos kept for a page that was left more than a day ago. The book's "
        "files are left to the book's builds. The retention run does this too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be removed; remove nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        orphans = orphan_files.remove_orphans(dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        for name in orphans:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(f"{verb} {len(orphans)} files no row points to.")
