"""A frozen edition keeps its exact PDF, but the editors are told when it prints contacts who have
since been erased or withdrawn their consent to the book, and can stop serving it: its address
then answers 410 Gone, and its files stay for the archive."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from book import builds, privacy, services
from book.models import Edition
from editorial.services import erase_person
from submissions.models import Consent, ConsentPurpose, Person
from submissions.services import record_consents
from tests.factories import make_case, make_edition


def contact(case) -> Person:
    """The case's contact printed in the book (the submitter, who consented to it)."""
    return case.people.get(side=Person.Side.ENTERPRISE)


@pytest.fixture
def frozen_book(call, editor):
    """A frozen final edition of four cases, each printing its submitter's contact details;
    then one submitter is erased on request, one withdraws their consent to the book, one has
    their details changed by the submitter (the application withdraws the consent and asks
    again: not their own "no"), and one changes nothing."""
    cases = {
        title: make_case(call, title=title)
        for title in ("Slettet", "Trakk samtykket", "Nye opplysninger", "Uendret")
    }
    edition = builds.freeze_edition(make_edition(kind=Edition.Kind.FINAL))
    assert all(entry.contacts_shown for entry in edition.cases.all())
    erase_person(contact(cases["Slettet"]), by=editor, reason="request")
    record_consents(
        contact(cases["Trakk samtykket"]),
        {ConsentPurpose.BOOK: False},
        source=Consent.Source.CONSENT_LINK,
    )
    record_consents(
        contact(cases["Nye opplysninger"]),
        {ConsentPurpose.BOOK: False},
        source=Consent.Source.CONTACT_CHANGED,
    )
    return edition, cases


def test_the_edition_lists_contacts_erased_or_withdrawn_since_it_was_frozen(frozen_book):
    edition, cases = frozen_book

    gone = privacy.contacts_gone([edition])[edition.pk]

    assert [(c.case_title, c.submission_id, c.erased) for c in gone] == [
        ("Slettet", cases["Slettet"].pk, True),
        ("Trakk samtykket", cases["Trakk samtykket"].pk, False),
    ]
    assert all(c.since is not None for c in gone)


def test_an_edition_that_is_not_frozen_is_never_flagged(call, editor):
    """It follows the site: the next build leaves the person out."""
    case = make_case(call)
    edition = make_edition()
    builds.build_edition(edition)
    erase_person(contact(case), by=editor)

    assert privacy.contacts_gone([edition]) == {}


def test_the_edition_page_warns_and_offers_to_stop_serving_it(editor_client, frozen_book):
    edition, cases = frozen_book

    page = editor_client.get(reverse("admin:book_edition_change", args=[edition.pk]))

    html = page.content.decode()
    assert 'id="contacts-gone"' in html
    for title in ("Slettet", "Trakk samtykket"):
        url = reverse("admin:submissions_submission_change", args=[cases[title].pk])
        assert f'<a href="{url}">{title}</a>' in html
    assert "Nye opplysninger</a>" not in html
    assert reverse("admin:book_edition_withdraw", args=[edition.pk]) in html


def test_the_editions_list_counts_them_in_a_fixed_number_of_queries(editor_client, frozen_book):
    edition, _cases = frozen_book
    url = reverse("admin:book_edition_changelist")
    with translation.override("nb"):  # the admin's language, outside the /nn/ and /en/ paths
        expected = gettext("%(count)s, still served") % {"count": 2}
    with CaptureQueriesContext(connection) as one_edition:
        page = editor_client.get(url)
    assert expected in page.content.decode()

    for number in (7, 8):
        make_edition(number, pdf=b"%PDF-1.7 test", frozen_at=edition.frozen_at)
    with CaptureQueriesContext(connection) as three_editions:
        editor_client.get(url)

    assert len(three_editions) == len(one_edition)


def test_stopping_serving_asks_first_then_answers_410_and_keeps_the_files(
    client, editor_client, frozen_book
):
    edition, _cases = frozen_book
    reader_copy = builds.pdf_path(edition.pdf_file).read_bytes()
    current = make_edition(2, pdf=b"%PDF-1.7 current")
    url = reverse("admin:book_edition_withdraw", args=[edition.pk])

    confirmation = editor_client.get(url)

    assert confirmation.status_code == 200
    assert "Trakk samtykket" in confirmation.content.decode()
    assert client.get("/kokebok/1.pdf").status_code == 200  # nothing changed yet

    response = editor_client.post(url)

    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.is_withdrawn
    gone = client.get("/kokebok/1.pdf")
    assert gone.status_code == 410
    assert gone["Content-Type"].startswith("text/html")
    with translation.override("nb"):
        assert gettext("Go to the front page") in gone.content.decode()
    assert 'href="/kokebok.pdf"' in gone.content.decode()  # to the current edition
    assert b"".join(client.get("/kokebok.pdf").streaming_content) == current_bytes(current)
    # The files stay, for the archive and the editors.
    assert builds.pdf_path(edition.pdf_file).read_bytes() == reader_copy
    assert builds.pdf_path(edition.archive_file).exists()
    kept = editor_client.get(reverse("admin:book_edition_file", args=[edition.pk, "reader"]))
    assert b"".join(kept.streaming_content) == reader_copy


def current_bytes(edition) -> bytes:
    return builds.pdf_path(edition.pdf_file).read_bytes()


def test_when_the_newest_edition_is_withdrawn_the_current_book_is_the_one_before(client, db):
    first = make_edition(1, pdf=b"%PDF-1.7 first", frozen_at="2026-11-21T12:00:00Z")
    second = make_edition(2, pdf=b"%PDF-1.7 second", frozen_at="2026-11-22T12:00:00Z")

    services.withdraw_edition(second)

    assert b"".join(client.get("/kokebok.pdf").streaming_content) == current_bytes(first)
    services.withdraw_edition(first)
    assert client.get("/kokebok.pdf").status_code == 404


@pytest.mark.parametrize(
    "fields",
    [
        {},  # not frozen: it is rebuilt without the person by itself
        {"frozen_at": "2026-11-21T12:00:00Z", "published_at": None},  # never public
        {"frozen_at": "2026-11-21T12:00:00Z", "withdrawn_at": "2026-11-22T12:00:00Z"},
    ],
)
def test_only_a_published_frozen_edition_can_be_withdrawn(editor_client, db, fields):
    edition = make_edition(1, pdf=b"%PDF-1.7 test", **fields)
    edition.refresh_from_db()
    before = edition.withdrawn_at

    response = editor_client.post(
        reverse("admin:book_edition_withdraw", args=[edition.pk]), follow=True
    )

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    edition.refresh_from_db()
    assert edition.withdrawn_at == before
