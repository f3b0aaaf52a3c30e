"""Media files no row points to: found and removed by `manage.py remove_orphan_files` and by
each retention run (`retention.apply_retention`, once it has committed).

A file is in use while a case points to it (photo, attachment), while the history of a case an
editor deleted still names it (retention removes both once that history's period has passed),
or while the publisher's row names it (the logo). Scanned: `photos/`, `attachments/`,
`publisher/` (files older than GRACE, so an upload whose row has not committed yet is never
taken), and `pending/` (photos kept between two posts, after `pending_uploads.KEEP_FOR`). The
book's files under `book/` are left to `book.builds`, which tracks them by edition with a grace
period of its own and a lock; anything else under MEDIA_ROOT is not ours to judge.
"""

import logging
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from publisher.models import Publisher
from submissions import stored_files
from submissions.models import Submission
from submissions.pending_uploads import KEEP_FOR, PENDING_DIR

logger = logging.getLogger("kokebok.editorial")

SCANNED = ("photos", "attachments", "publisher")
# An upload is written to storage before its row commits: a younger file may be on its way.
GRACE = timedelta(hours=1)


def find_orphans(*, now=None) -> list[str]:
    """The names of the media files no row points to, oldest kinds' rules applied at `now`."""
    now = now or timezone.now()
    in_use = _names_in_use()
    orphans = [
        name
        for directory in SCANNED
        for name in _files_under(directory)
        if name not in in_use and _older_than(name, now - GRACE)
    ]
    orphans += [name for name in _files_under(PENDING_DIR) if _older_than(name, now - KEEP_FOR)]
    return sorted(orphans)


def remove_orphans(*, dry_run: bool = False, now=None) -> list[str]:
    """Delete the orphans (unless `dry_run`) and return their names."""
    orphans = find_orphans(now=now)
    if not dry_run:
        stored_files.delete_files(orphans)
    logger.info("orphan_files dry_run=%s count=%s", dry_run, len(orphans))
    return orphans


def _names_in_use() -> set[str]:
    live = Submission.objects.values_list(*stored_files.FILE_FIELDS)
    deleted = Submission.history.exclude(id__in=Submission.objects.values("pk")).values_list(
        *stored_files.FILE_FIELDS
    )
    logos = Publisher.objects.values_list("logo")
    return {name for rows in (live, deleted, logos) for row in rows for name in row if name}


def _files_under(directory: str) -> list[str]:
    """Every file under `directory` of the default storage, subfolders included."""
    if not default_storage.exists(directory):
        return []
    folders, files = default_storage.listdir(directory)
    names = [f"{directory}/{name}" for name in files]
    for folder in folders:
        names += _files_under(f"{directory}/{folder}")
    return names


def _older_than(name: str, cutoff) -> bool:
    try:
        return default_storage.get_modified_time(name) < cutoff
    except OSError:  # gone meanwhile
        return False
