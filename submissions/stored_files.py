"""A case's photo and attachment leave storage when the case stops pointing to them.

Whoever replaces or removes a file (the photo page, the editors' admin) reads the names the
saved row holds before saving (`stored_names`) and hands them to `delete_when_unused`: once the
transaction has committed, each name no case points to any more is deleted. A rollback keeps
the file, and a name still in use (nothing was replaced) is never deleted. The history keeps
the old name, not the file: restoring a version never brings a photo back.
"""

import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from submissions.models import Submission

logger = logging.getLogger("kokebok.submissions")

FILE_FIELDS = ("photo", "attachment")


def stored_names(submission: Submission) -> set[str]:
    """The file names the case's row holds in the database now."""
    if submission.pk is None:
        return set()
    row = Submission.objects.filter(pk=submission.pk).values_list(*FILE_FIELDS).first()
    return {name for name in row or () if name}


def delete_when_unused(names: set[str]) -> None:
    """Once the transaction commits, delete those of `names` no case points to."""
    names = set(names)
    if names:
        # Robust: a failure here is logged, and never fails the change that has committed.
        transaction.on_commit(lambda: delete_files(names - names_in_use(names)), robust=True)


def names_in_use(names) -> set[str]:
    rows = Submission.objects.filter(Q(photo__in=names) | Q(attachment__in=names))
    return {name for row in rows.values_list(*FILE_FIELDS) for name in row if name}


def delete_files(names) -> int:
    """Delete each stored file of `names`; a file already gone or refused is logged, not
    raised: the request or job that asked has finished its work. Returns how many went."""
    deleted = 0
    for name in sorted(names):
        try:
            default_storage.delete(name)
            deleted += 1
        except OSError:
            logger.warning("stored_file_not_deleted")
    return deleted
