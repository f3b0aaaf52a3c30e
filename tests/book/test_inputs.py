"""The readers' input in the book: approved input whose writer consented, and nothing else, in
its own chapter after the toolbox; moderating it rebuilds the current edition."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings

from book import builds, selectors, services
from book.render import BookOptions, assemble, build_book, prepare_parts
from participation.models import Input, Moderation, Tool
from participation.services import delete_inputs, moderate
from tests.factories import make_call, make_case, make_edition, make_editor, make_input, make_theme
from tests.pdf import (
    all_text,
    destination_pages,
    outline_titles,
    page_texts,
    read_pdf,
    toc_entries,
)

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<script>alert("x")</script> <b>fet</b> <img src="http://127.0.0.1:9/spor.png">\n'
    "[lenke](javascript:alert(1)) se https://kilde.example.no/side"
)


# What the book prints: input an editor approved, whose writer consented to publication.
PRINTED = {"status": Moderation.APPROVED, "publish_consent": True}


def received(day: int) -> dt.datetime:
    return dt.datetime(2026, 10, day, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def book(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call = make_call()
        case = make_case(call, title="Kafé som arbeidstrening", main_theme=make_theme())
        hidden_case = make_case(call, title="Sak som ikke er publisert", state="in_review")
        Tool.objects.create(
            title="Et verktøy",
            description="Nyttig.",
            link="https://verktoy.example.no/",
            status=Moderation.APPROVED,
        )
        shown = [
            make_input(
                "Kari Leser",
                day=3,
                **PRINTED,
                organisation="Frivilligsentralen",
                answer="Takk, Kari!",
            ),
            make_input("Ola Innspill", day=2, **PRINTED, submission=case),
            make_input("Hanne Farlig", day=1, **PRINTED, text=HOSTILE),
        ]
        hidden = [
            make_input("Ventende Venn", day=4, publish_consent=True),
            make_input("Avvist Person", day=5, publish_consent=True, status=Moderation.REJECTED),
            make_input("Spam Sender", day=6, publish_consent=True, status=Moderation.SPAM),
            make_input("Uten Samtykke", day=7, status=Moderation.APPROVED),
            make_input("Skjult Sak", day=8, **PRINTED, submission=hidden_case),
        ]
        built = build_book(make_edition(number=1))
        facts = {
            "pdf": built.pdf,
            "html": built.source.html,
            "case_pk": case.pk,
            "shown": [item.name for item in shown],
            "hidden": [(item.name, item.text) for item in hidden],
            "emails": [item.email for item in shown + hidden],
        }
        transaction.set_rollback(True)
    return facts


def chapter_text(book) -> str:
    """The text of the input chapter's pages, from its first page to the index."""
    pages = destination_pages(book["pdf"])
    texts = page_texts(book["pdf"])
    return "\n".join(texts[pages["innspill"] - 1 : pages["register"] - 1])


def test_input_chapter_has_the_approved_consented_input_newest_first(book):
    text = chapter_text(book)
    positions = [text.index(name) for name in book["shown"]]
    assert positions == sorted(positions)
    assert "Frivilligsentralen" in text
    assert "3. oktober 2026" in text
    assert "Om boka som helhet" in text
    assert "Om eksempelet «Kafé som arbeidstrening»" in text
    assert "Svar fra redaksjonen" in text
    assert "Takk, Kari!" in text


def test_unapproved_rejected_spam_and_unconsented_input_and_every_address_are_left_out(book):
    text = all_text(book["pdf"])
    assert [name in text or body in text for name, body in book["hidden"]] == [False] * 5
    assert [email in text for email in book["emails"]] == [False] * 8
    assert [email in book["html"] for email in book["emails"]] == [False] * 8


def test_input_text_is_escaped_and_only_web_links_survive(book):
    text = chapter_text(book)
    assert '<script>alert("x")</script> <b>fet</b>' in text
    assert "[lenke](javascript:alert(1))" in text
    html = book["html"]
    assert "<script" not in html
    assert "<b>fet" not in html
    assert "<img" not in html  # the book has no photo: only the input could have brought one
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in read_pdf(book["pdf"]).pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    assert "https://kilde.example.no/side" in links
    assert [link for link in links if not link.startswith(("http://", "https://"))] == []


def test_input_chapter_is_in_the_contents_bookmarks_and_running_head(book):
    pages = destination_pages(book["pdf"])
    assert pages["verktoykasse"] < pages["innspill"] < pages["register"]
    assert toc_entries(book["pdf"])["Innspill fra leserne"] == pages["innspill"]
    top_level = [title for title in outline_titles(book["pdf"]) if isinstance(title, str)]
    assert top_level[-3:] == [
        "Verktøykasse",
        "Innspill fra leserne",
        "Register over fylker og kommuner",
    ]
    assert (
        page_texts(book["pdf"])[pages["innspill"] - 1].lstrip().startswith("Innspill fra leserne")
    )


def test_input_on_a_case_gives_the_page_the_case_starts_on(book):
    case_page = destination_pages(book["pdf"])[f"eksempel-{book['case_pk']}"]
    assert f"«Kafé som arbeidstrening» (s. {case_page})" in chapter_text(book)


def book_html() -> str:
    options = BookOptions(number=1)
    return assemble(prepare_parts(options), options).html


def test_no_input_chapter_without_published_input(call):
    make_case(call)
    make_input("Ventende Venn", day=1, publish_consent=True)

    html = book_html()

    assert 'id="innspill"' not in html
    assert 'href="#innspill"' not in html


def test_a_flood_of_input_is_capped_to_the_newest_with_a_note(call):
    make_case(call)
    Input.objects.bulk_create(
        Input(
            name=f"Leser {n}",
            email="flom@epost.example",
            text=f"Innspill nummer {n}.",
            publish_consent=True,
            status=Moderation.APPROVED,
            created_at=received(1) + dt.timedelta(minutes=n),
        )
        for n in range(selectors.INPUTS_IN_BOOK + 5)
    )

    html = book_html()

    assert html.count('<article class="input">') == selectors.INPUTS_IN_BOOK
    assert "Innspill nummer 204." in html
    assert "Innspill nummer 4." not in html
    assert "de 200 nyeste av 205 innspill" in html


def test_moderating_input_changes_the_book_but_new_waiting_input_does_not(call):
    make_case(call)
    edition = make_edition()
    builds.build_edition(edition)
    edition.refresh_from_db()
    item = make_input("Ny Leser", day=1, publish_consent=True)

    assert builds.build_edition(edition) is False  # waiting input changes nothing

    moderate([item], Moderation.APPROVED, by=make_editor())
    edition.refresh_from_db()
    assert builds.build_edition(edition) is True


def test_input_leaves_the_changes_since_the_previous_edition_alone(call):
    make_case(call)
    builds.build_edition(make_edition(number=1))
    make_input("Ny Leser", day=1, **PRINTED)
    second = make_edition(number=2, published_at=None)

    builds.build_edition(second)

    second.refresh_from_db()
    assert (second.changes["added"], second.changes["changed"], second.changes["removed"]) == (
        [],
        [],
        [],
    )
    assert second.cases.count() == 1


def current_text() -> str:
    edition = services.current_edition()
    edition.refresh_from_db()
    return all_text(builds.pdf_path(edition.pdf_file).read_bytes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_approving_answering_and_rejecting_input_rebuild_the_current_edition(editor_client):
    """Real commits: the moderation sends the signal, the immediate backend rebuilds."""
    make_case(make_call())
    builds.build_edition(make_edition())
    item = make_input("Ny Leser", day=1, publish_consent=True, text="Et nytt innspill.")
    assert "Et nytt innspill." not in current_text()

    moderate([item], Moderation.APPROVED, by=make_editor())
    assert "Et nytt innspill." in current_text()

    editor_client.post(
        f"/admin/participation/input/{item.pk}/change/",
        {"status": Moderation.APPROVED, "answer": "Svaret vårt."},
    )
    assert "Svaret vårt." in current_text()

    moderate([item], Moderation.REJECTED, by=make_editor())
    assert "Et nytt innspill." not in current_text()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deleting_approved_input_rebuilds_the_current_edition():
    make_case(make_call())
    item = make_input("Ny Leser", day=1, **PRINTED, text="Snart borte.")
    builds.build_edition(make_edition())
    assert "Snart borte." in current_text()

    delete_inputs(Input.objects.filter(pk=item.pk))

    assert "Snart borte." not in current_text()
