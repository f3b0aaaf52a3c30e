"""The stored PDF files: a file a rebuild supersedes stays for an hour, so a reader who looked up
the edition just before the rebuild committed still gets it; a later build removes it."""

import os
import threading
import time

import pytest
from django.db import connection
from django.test import RequestFactory

from book import builds, services, views
from book.models import Edition
from tests.factories import make_case, make_edition

TWO_DAYS_AGO = time.time() - 2 * 24 * 3600
OVER_AN_HOUR_AGO = time.time() - builds.KEEP_UNUSED_FILES.total_seconds() - 60


def age(path, when: float) -> None:
    os.utime(path, (when, when))


def rebuilt(edition: Edition, subtitle: str) -> Edition:
    """The edition rebuilt with something new to print, the transaction's hooks run."""
    Edition.objects.filter(pk=edition.pk).update(subtitle=subtitle)
    edition.refresh_from_db()
    assert builds.build_edition(edition) is True
    edition.refresh_from_db()
    return edition


def test_a_reader_who_looked_up_the_edition_before_a_rebuild_still_gets_its_file(
    call, django_capture_on_commit_callbacks
):
    make_case(call)
    edition = make_edition()
    builds.build_edition(edition)
    looked_up = services.served_edition()  # the row the view read...
    old_bytes = builds.pdf_path(looked_up.pdf_file).read_bytes()

    with django_capture_on_commit_callbacks(execute=True):  # ...then a rebuild commits
        rebuilt(edition, "En ny undertittel")

    response = views._serve(RequestFactory().get("/kokebok.pdf"), looked_up)  # ...then it opens

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == old_bytes
    assert services.served_edition().pdf_sha256 != looked_up.pdf_sha256


def test_a_superseded_file_is_removed_by_a_build_once_its_hour_is_over(
    call, django_capture_on_commit_callbacks
):
    make_case(call)
    edition = make_edition(number=2)
    builds.build_edition(edition)
    edition.refresh_from_db()
    first = builds.pdf_path(edition.pdf_file)
    age(first, TWO_DAYS_AGO)  # written long ago: its hour starts when it is superseded
    other_edition = builds.pdf_path(make_edition(1, pdf=b"%PDF-1.7 test").pdf_file)
    age(other_edition, TWO_DAYS_AGO)

    with django_capture_on_commit_callbacks(execute=True):
        edition = rebuilt(edition, "Andre bygging")
        second = builds.pdf_path(edition.pdf_file)
        edition = rebuilt(edition, "Tredje bygging")  # a build within the hour keeps it
    third = edition.pdf_file

    assert (first.exists(), second.exists()) == (True, True)

    age(first, OVER_AN_HOUR_AGO)
    age(second, OVER_AN_HOUR_AGO)
    with django_capture_on_commit_callbacks(execute=True):
        edition = rebuilt(edition, "Fjerde bygging")

    # Gone once their hour was over; the third, superseded just now, has its hour to go; a
    # file an edition still names stays however old it is.
    assert sorted(p.name for p in builds.book_dir().iterdir()) == sorted(
        [other_edition.name, third, edition.pdf_file]
    )


def test_a_build_that_loses_the_race_with_a_freeze_leaves_the_frozen_file_alone(call):
    """A build that read the edition before it was frozen stores a file with the same content
    (the same name) as the frozen one, then finds it frozen: the file must stay."""
    make_case(call)
    edition = make_edition()
    stale = Edition.objects.get(pk=edition.pk)  # read before the freeze
    frozen = builds.freeze_edition(edition)
    frozen_file = builds.pdf_path(frozen.pdf_file)

    with pytest.raises(builds.EditionFrozen):
        builds.build_edition(stale, force=True)

    assert frozen_file.exists()


def test_a_build_waits_while_another_one_cleans_or_writes_the_folder(db):
    """The cleaning and the writing take turns (across processes: flock), so a build never
    deletes a file another build has just written again under the same name."""
    builds.book_dir().mkdir(parents=True)
    stored = threading.Event()

    def store():
        try:
            builds.store_pdf(b"%PDF-1.7 waits", stem="kokebok-1")
            stored.set()
        finally:
            connection.close()  # the thread's own

    with builds._folder_locked(builds.book_dir()):  # another build's turn
        builder = threading.Thread(target=store)
        builder.start()
        assert stored.wait(timeout=0.5) is False
    assert stored.wait(timeout=10) is True
    builder.join()
