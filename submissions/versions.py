"""The version number that catches conflicting saves of a case.

Every save of a case's text or data is a new version: the writer locks the case's row
(`lock_case`), then counts the save (`bump_version`), refusing it with EditConflict when it was
based on another version than the current one. The forms carry the version they were loaded
with, so a person who saves over someone else's newer save is told instead.
"""

from submissions.models import Submission


class EditConflict(Exception):
    """Someone saved the case after the person making this change loaded it."""

    def __init__(self, current_version: int):
        super().__init__(f"the case is at version {current_version}")
        self.current_version = current_version


def lock_case(submission: Submission, *fields: str) -> None:
    """Lock the case's row until the transaction ends, and read its version and `fields` again.

    A row lock on PostgreSQL; on SQLite the write lock of the IMMEDIATE transaction does the
    same. Re-reading under the lock makes a change someone committed meanwhile count.
    """
    submission.refresh_from_db(
        fields=["version", *fields], from_queryset=Submission.objects.select_for_update()
    )


def bump_version(submission: Submission, *, loaded_version: int | None = None) -> None:
    """Count this save as a new version of the case locked by `lock_case`. Refuses
    (EditConflict) a save based on another version than `loaded_version`, when given."""
    if loaded_version is not None and loaded_version != submission.version:
        raise EditConflict(submission.version)
    submission.version += 1
