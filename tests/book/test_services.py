"""What editors do with editions and when the book is rebuilt (book.services).

Publishing an edition: creating or building one never makes it the book readers get; an
editor publishes it (after a confirmation page, by POST), and that freezes the earlier
editions the same way as freezing by hand. Rebuilds: a change readers can see schedules one
rebuild of the open editions after the commit, on the book's own queue."""

import importlib
import io
import json
import logging

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from book import builds, services
from book.models import Edition
from book.tasks import freeze_edition
from submissions.models import ConsentPurpose, Person
from submissions.services import record_consents
from submissions.workflow import State, transition
from tests.factories import make_call, make_case, make_edition, make_editor
from tests.pdf import all_text, xmp_metadata

NEW_EDITION = {
    "number": "2",
    "title": "Veier til nye samarbeid",
    "subtitle": "Andre utgave",
    "kind": "prototype",
    "date": "2026-12-01",
    "grouping": "form",
    "foreword": "",
    "introduction": "",
}


def served_bytes(client, path="/kokebok.pdf") -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content)


def built(edition: Edition) -> Edition:
    builds.build_edition(edition)
    edition.refresh_from_db()
    return edition


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_edition_is_built_but_readers_keep_the_published_one(editor_client):
    """Real commits: saving the edition schedules its build, the immediate backend runs it."""
    make_case(make_call(), title="Med i boka")
    first = built(make_edition(number=1))

    response = editor_client.post(reverse("admin:book_edition_add"), NEW_EDITION)

    assert response.status_code == 302
    second = Edition.objects.get(number=2)
    assert second.grouping == Edition.Grouping.FORM
    assert second.pdf_file != ""  # built in the background, for the editors to check
    assert (second.is_published, first.is_frozen) == (False, False)
    assert served_bytes(editor_client) == builds.pdf_path(first.pdf_file).read_bytes()
    assert editor_client.get("/kokebok/2.pdf").status_code == 404
    # The editors get the unpublished PDF from the admin, never cached.
    response = editor_client.get(reverse("admin:book_edition_file", args=[second.pk, "reader"]))
    assert b"".join(response.streaming_content) == builds.pdf_path(second.pdf_file).read_bytes()
    assert "no-cache" in response["Cache-Control"]


def test_publishing_asks_first_then_serves_it_and_freezes_the_earlier_ones_with_archive(
    editor_client, call, django_capture_on_commit_callbacks
):
    make_case(call, title="Første eksempel")
    first = built(make_edition(number=1, kind=Edition.Kind.FINAL))
    second = built(make_edition(number=2, published_at=None))
    url = reverse("admin:book_edition_publish", args=[second.pk])

    confirmation = editor_client.get(url)

    assert confirmation.status_code == 200
    assert '<form method="post">' in confirmation.content.decode()  # posts back to `url`
    second.refresh_from_db()
    assert second.is_published is False

    make_case(call, title="Publisert før frysingen")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url)

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.is_published
    assert served_bytes(editor_client) == builds.pdf_path(second.pdf_file).read_bytes()
    # The earlier final edition went through freeze_edition: built once more, frozen, and
    # given its PDF/A-2a archive copy.
    assert first.is_frozen
    frozen = builds.pdf_path(first.pdf_file).read_bytes()
    assert "Publisert før frysingen" in all_text(frozen)
    assert b'pdfaid:part="2"' in xmp_metadata(builds.pdf_path(first.archive_file).read_bytes())
    assert served_bytes(editor_client, "/kokebok/1.pdf") == frozen


@pytest.mark.parametrize("state", ["not_built", "published", "older"])
def test_publishing_is_refused_unless_it_is_a_built_unpublished_newest_edition(
    editor_client, db, state
):
    make_edition(3, pdf=b"%PDF-1.7 test")  # published
    edition = {
        "not_built": lambda: make_edition(number=4, published_at=None),
        "published": lambda: make_edition(4, pdf=b"%PDF-1.7 test"),
        "older": lambda: make_edition(2, pdf=b"%PDF-1.7 test", published_at=None),
    }[state]()
    before = edition.published_at
    url = reverse("admin:book_edition_publish", args=[edition.pk])

    for response in (editor_client.get(url, follow=True), editor_client.post(url, follow=True)):
        # Back to the edition's page, which says why.
        assert response.redirect_chain[-1][0] == reverse(
            "admin:book_edition_change", args=[edition.pk]
        )
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
    edition.refresh_from_db()
    assert edition.published_at == before
    with pytest.raises(services.EditionNotAllowed):
        services.publish_edition(edition)


def test_publishing_needs_the_permission_to_change_editions(client, db):
    from django.contrib.auth import get_user_model

    edition = make_edition(1, pdf=b"%PDF-1.7 test", published_at=None)
    reader = get_user_model().objects.create_user("leser", password="pw", is_staff=True)
    client.force_login(reader)

    client.post(reverse("admin:book_edition_publish", args=[edition.pk]))

    edition.refresh_from_db()
    assert edition.is_published is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_while_a_new_edition_is_prepared_a_withdrawn_consent_leaves_the_served_one_too():
    """Real commits: the consent's signal schedules the rebuild of every open edition."""
    case = make_case(make_call(), title="Samtykke trekkes")
    contact = case.people.get(side=Person.Side.ENTERPRISE)
    first = built(make_edition(number=1))
    second = built(make_edition(number=2, published_at=None))
    name = contact.name
    assert name in all_text(builds.pdf_path(first.pdf_file).read_bytes())

    record_consents(contact, {ConsentPurpose.BOOK: False}, source="consent_link")

    for edition in (first, second):
        edition.refresh_from_db()
        assert name not in all_text(builds.pdf_path(edition.pdf_file).read_bytes())


def test_a_freeze_queued_for_an_edition_frozen_meanwhile_does_nothing(db, caplog):
    edition = make_edition(1, pdf=b"%PDF-1.7 test", frozen_at="2026-11-21T12:00:00Z")

    result = freeze_edition.enqueue(edition.pk)

    assert result.return_value == 1
    assert "book_freeze_failed" not in caplog.text


def test_editions_built_before_the_upgrade_count_as_published(db):
    migration = importlib.import_module("book.migrations.0002_edition_published_and_withdrawn")
    built_before = make_edition(1, pdf=b"%PDF-1.7 test", published_at=None)
    never_built = make_edition(number=2, published_at=None)

    migration.publish_built_editions(apps, schema_editor=None)

    built_before.refresh_from_db()
    never_built.refresh_from_db()
    assert built_before.published_at == built_before.built_at
    assert never_built.published_at is None


def test_the_demo_data_has_a_published_edition(db, client):
    call_command("seed_demo", stdout=io.StringIO())

    edition = Edition.objects.get()
    assert edition.is_published
    assert served_bytes(client) == builds.pdf_path(edition.pdf_file).read_bytes()


# --- Rebuilds ---


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
    # Kept for the hour a reader who looked up the old name may still need (test_builds.py).
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


def test_loading_a_backup_schedules_no_rebuild(db, tmp_path, django_capture_on_commit_callbacks):
    """Nothing but the services announces: a backup restores the stored PDF as it was."""
    backup = tmp_path / "backup.json"
    theme = {"name": "Bolig", "slug": "bolig", "position": 1}
    backup.write_text(json.dumps([{"model": "submissions.theme", "pk": 9, "fields": theme}]))
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("loaddata", str(backup), verbosity=0)
    assert callbacks == []


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
