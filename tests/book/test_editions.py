"""Editions: the current one follows the published cases, a frozen one never changes, and each
later edition lists what changed since the one before."""

import hashlib
import logging

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from book import builds, services
from book.models import Edition
from submissions.models import Answer, ConsentPurpose, Person
from submissions.services import record_consents
from submissions.workflow import State, transition
from tests.factories import make_call, make_case, make_edition, make_editor, unpublish
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
    assert sorted(p.name for p in builds.book_dir().iterdir()) == [edition.pdf_file]


def test_unchanged_content_is_not_rendered_again(call):
    make_case(call)
    edition = make_edition()
    builds.build_edition(edition)
    edition.refresh_from_db()
    built = (edition.pdf_file, edition.built_at)

    assert builds.build_edition(edition) is False

    edition.refresh_from_db()
    assert (edition.pdf_file, edition.built_at) == built


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publication_rebuilds_the_current_edition_after_commit():
    """Real commits: the signal schedules the task, the immediate backend runs it."""
    call = make_call()
    make_case(call, title="Første eksempel")
    edition = make_edition()
    builds.build_edition(edition)
    edition.refresh_from_db()
    old_file = builds.pdf_path(edition.pdf_file)
    new = make_case(call, title="Nylig publisert", state=State.APPROVED)

    transition(new, State.PUBLISHED, by=make_editor())

    edition.refresh_from_db()
    assert "Nylig publisert" in all_text(builds.pdf_path(edition.pdf_file).read_bytes())
    # Kept for the hour a reader who looked up the old name may still need (test_files.py).
    assert old_file.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_changes_in_one_transaction_rebuild_once(caplog):
    call = make_call()
    cases = [make_case(call, title=f"Eksempel {n}", state=State.APPROVED) for n in range(3)]
    make_edition()

    with caplog.at_level(logging.INFO, logger="kokebok.book"), transaction.atomic():
        for case in cases:
            transition(case, State.PUBLISHED, by=make_editor())

    assert caplog.text.count("book_built edition=1 ") == 1
    assert Edition.objects.get().cases.count() == 3


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


def test_loading_a_backup_schedules_no_rebuild(db, django_capture_on_commit_callbacks):
    from book.services import schedule_rebuild

    with django_capture_on_commit_callbacks() as callbacks:
        schedule_rebuild(raw=True)
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        schedule_rebuild()
    assert len(callbacks) == 1


def test_book_builds_wait_for_their_own_worker_not_the_mail_worker(
    call, tasks_in_database, worker, django_capture_on_commit_callbacks
):
    make_edition()
    with django_capture_on_commit_callbacks(execute=True):
        make_case(call, title="Kø for boka")  # publishing schedules a rebuild

    worker("default")  # the e-mail worker: sends the mails, leaves the build
    assert mail.outbox
    waiting = DBTaskResult.objects.ready().get()
    assert (waiting.queue_name, waiting.task_path) == ("book", "book.tasks.rebuild_book")

    worker("book")
    assert DBTaskResult.objects.ready().count() == 0
    assert "Kø for boka" in all_text(builds.pdf_path(Edition.objects.get().pdf_file).read_bytes())
