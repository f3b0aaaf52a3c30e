"""`manage.py remove_orphan_files`: media files no row points to are found and removed (by the
retention run too); files in use, young uploads, the book's files and the files of a deleted
case's history (retention's to remove) stay."""

import os
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

import publisher
from editorial.retention import apply_retention
from editorial.services import delete_cases
from submissions.models import Submission
from tests.factories import add_photo

pytestmark = pytest.mark.django_db


def stored(name: str, *, age: timedelta) -> str:
    """A file stored as `name`, last written `age` before now."""
    name = default_storage.save(name, ContentFile(b"data"))
    moment = (timezone.now() - age).timestamp()
    os.utime(default_storage.path(name), (moment, moment))
    return name


@pytest.fixture
def media(submission):
    """Each kind of file the command must tell apart, by what should become of it."""
    old = timedelta(days=2)
    in_use = add_photo(submission, alt="Bilde")
    gone = add_photo(Submission.objects.get(pk=submission.pk), alt="Bilde")
    gone_name = gone.photo.name
    Submission.objects.filter(pk=gone.pk).update(photo=in_use.photo.name)
    row = publisher.current()
    row.logo = stored("publisher/logo.png", age=old)
    row.save()
    removed = {
        "orphan photo": stored("photos/orphan.jpg", age=old),
        "photo the case no longer names": gone_name,
        "orphan attachment": stored("attachments/orphan.pdf", age=old),
        "old logo": stored("publisher/old-logo.png", age=old),
        "pending photo left a day ago": stored("pending/left.jpg", age=timedelta(hours=25)),
    }
    for name in removed.values():
        moment = (timezone.now() - old).timestamp()
        os.utime(default_storage.path(name), (moment, moment))
    kept = {
        "photo in use": in_use.photo.name,
        "logo in use": row.logo.name,
        "upload whose row may not have committed": stored("photos/young.jpg", age=timedelta(0)),
        "pending photo of a page still open": stored("pending/open.jpg", age=timedelta(hours=2)),
        "book file": stored("book/kokebok-1-abc.pdf", age=old),
        "something else under MEDIA_ROOT": stored("other/notes.txt", age=old),
    }
    return removed, kept


def test_a_dry_run_lists_the_orphans_and_removes_nothing(media):
    removed, _kept = media
    output = StringIO()
    call_command("remove_orphan_files", "--dry-run", stdout=output)
    listed = {line.removeprefix("Would remove ") for line in output.getvalue().splitlines()[:-1]}
    assert listed == set(removed.values())
    assert all(default_storage.exists(name) for name in removed.values())
    assert f"Would remove {len(removed)} files" in output.getvalue()


def test_the_orphans_are_removed_and_everything_in_use_stays(media):
    removed, kept = media
    call_command("remove_orphan_files", stdout=StringIO())
    assert [what for what, name in removed.items() if default_storage.exists(name)] == []
    assert [what for what, name in kept.items() if not default_storage.exists(name)] == []


def test_the_files_of_a_deleted_case_stay_while_its_history_does(call, submission):
    case = add_photo(submission, alt="Bilde")
    name = case.photo.name
    moment = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(default_storage.path(name), (moment, moment))
    delete_cases(Submission.objects.filter(pk=case.pk))
    call_command("remove_orphan_files", stdout=StringIO())
    assert default_storage.exists(name)


def test_the_retention_run_removes_the_orphans_once_it_commits(
    media, django_capture_on_commit_callbacks
):
    removed, kept = media
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply_retention()
    assert all(default_storage.exists(name) for name in removed.values())
    for callback in callbacks:
        callback()
    assert not any(default_storage.exists(name) for name in removed.values())
    assert all(default_storage.exists(name) for name in kept.values())


def test_a_dry_run_of_retention_removes_no_orphan(media, django_capture_on_commit_callbacks):
    removed, _kept = media
    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(dry_run=True)
    assert all(default_storage.exists(name) for name in removed.values())
