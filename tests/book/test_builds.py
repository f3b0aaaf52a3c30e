"""Building, storing and freezing the editions' PDF files (book.builds): a build stores the PDF
with its hash and cases, only when the book changed; a frozen edition never changes; a later
edition lists what changed since the one before; and a file a rebuild supersedes stays for an
hour, so a reader who looked up the edition just before the rebuild committed still gets it."""

import hashlib
import os
import threading
import time

import pytest
from django.db import connection
from django.test import RequestFactory

from book import builds, services, views
from book.models import Edition
from submissions.models import Answer, ConsentPurpose, Person
from submissions.services import record_consents
from tests.factories import make_case, make_edition, unpublish
from tests.pdf import all_text, read_pdf, xmp_metadata


def test_building_stores_the_pdf_with_its_hash_time_and_cases(call):
    first = make_case(call, title="Første eksempel")
    second = make_case(call, title="Andre eksempel")
    edition = make_edition()

    assert builds.build_edition(edition) is True

    edition.refresh_from_db()
    data = builds.pdf_path(edition.pdf_file).read_bytes()
    assert edition.pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert edition.pdf_file == f"kokebok-1-{edition.pdf_sha256[:16]}.pdf"
    assert edition.pdf_pages == len(read_pdf(data).pages)
    assert edition.built_at is not None
    assert edition.build_report["omitted"] == []
    assert [(e.submission_id, e.title, e.position) for e in edition.cases.all()] == [
        (first.pk, "Første eksempel", 1),
        (second.pk, "Andre eksempel", 2),
    ]
    # Written to a temporary file and renamed: nothing half-written is left behind.
    assert sorted(p.name for p in builds.book_dir().glob("*.pdf")) == [edition.pdf_file]


def test_unchanged_content_is_not_rendered_again(call):
    make_case(call)
    edition = make_edition()
    builds.build_edition(edition)
    edition.refresh_from_db()
    built = (edition.pdf_file, edition.built_at)

    assert builds.build_edition(edition) is False

    edition.refresh_from_db()
    assert (edition.pdf_file, edition.built_at) == built


def test_a_frozen_final_edition_keeps_its_pdf_cases_and_consent_state(call):
    case = make_case(call, title="Fryst eksempel")
    edition = make_edition(kind=Edition.Kind.FINAL)

    builds.freeze_edition(edition)

    edition.refresh_from_db()
    frozen_pdf = builds.pdf_path(edition.pdf_file).read_bytes()
    frozen_cases = list(edition.cases.values_list("title", "fingerprint", "contacts_shown"))
    contact = case.people.get(side=Person.Side.ENTERPRISE)
    assert edition.is_frozen
    assert "PROTOTYPE" not in all_text(frozen_pdf)
    assert contact.name in all_text(frozen_pdf)
    # The archive copy is PDF/A-2a, from the same HTML.
    archive = builds.pdf_path(edition.archive_file).read_bytes()
    assert b'pdfaid:part="2"' in xmp_metadata(archive)
    assert b'pdfaid:conformance="A"' in xmp_metadata(archive)
    assert all_text(archive) == all_text(frozen_pdf)

    record_consents(contact, {ConsentPurpose.BOOK: False}, source="consent_link")
    Answer.objects.filter(submission=case).update(text="Ny tekst etter frysing.")
    make_case(call, title="Publisert etterpå")

    with pytest.raises(builds.EditionFrozen):
        builds.build_edition(edition)
    assert builds.rebuild_open_editions() == []
    edition.refresh_from_db()
    assert builds.pdf_path(edition.pdf_file).read_bytes() == frozen_pdf
    assert list(edition.cases.values_list("title", "fingerprint", "contacts_shown")) == (
        frozen_cases
    )


def test_a_later_edition_lists_cases_added_changed_and_removed(call):
    changed = make_case(call, title="Endres")
    removed = make_case(call, title="Fjernes")
    make_case(call, title="Uendret")
    first = make_edition(number=1)
    builds.freeze_edition(first)
    first.refresh_from_db()
    Answer.objects.filter(submission=changed).update(text="Et nytt svar.")
    unpublish(removed)
    added = make_case(call, title="Ny i utgave 2")
    second = make_edition(number=2)

    builds.build_edition(second)

    second.refresh_from_db()
    assert second.changes == {
        "previous": 1,
        "added": [{"id": str(added.public_id), "title": "Ny i utgave 2"}],
        "changed": [{"id": str(changed.public_id), "title": "Endres"}],
        "removed": [{"id": str(removed.public_id), "title": "Fjernes"}],
    }
    text = all_text(builds.pdf_path(second.pdf_file).read_bytes())
    for words in (
        "Endringer siden utgave 1",
        "Nye eksempler",
        "Endrede eksempler",
        "Fjernede eksempler",
    ):
        assert words in text
    # The first edition is still there as it was.
    assert services.served_edition(1).pdf_sha256 == first.pdf_sha256
    assert "Fjernes" in all_text(builds.pdf_path(first.pdf_file).read_bytes())


def test_a_consent_withdrawn_counts_as_a_change(call):
    case = make_case(call, title="Samtykke trekkes")
    first = make_edition(number=1)
    builds.freeze_edition(first)
    contact = case.people.get(side=Person.Side.ENTERPRISE)
    record_consents(contact, {ConsentPurpose.BOOK: False}, source="consent_link")
    second = make_edition(number=2)

    builds.build_edition(second)

    second.refresh_from_db()
    assert [c["title"] for c in second.changes["changed"]] == ["Samtykke trekkes"]
    assert list(second.cases.values_list("contacts_shown", flat=True)) == [[]]
    assert contact.name not in all_text(builds.pdf_path(second.pdf_file).read_bytes())


# --- The stored files ---

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
    assert sorted(p.name for p in builds.book_dir().glob("*.pdf")) == sorted(
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
