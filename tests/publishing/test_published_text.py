"""Fixing a typo in a published case does not take it off the web: readers (the case page, the
list, search, the feeds, the book) keep the published text until the submitter approves the
edit, and then see the new text."""

import pytest
from django.test import Client

from book.selectors import book_cases
from publishing.models import SearchDocument
from publishing.selectors import case_page, published_cases
from submissions import approvals, links
from submissions.models import Submission
from submissions.workflow import State, transition
from tests.editorial.test_approval import approve
from tests.editorial.test_workflow_admin import admin_form_data, change_url
from tests.factories import make_case, make_editor

pytestmark = pytest.mark.django_db

OLD_TITLE, NEW_TITLE = "Kafé på hjørnet", "Kafeen på hjørnet"
OLD_ANSWER, NEW_ANSWER = "Vi startet i 2024.", "Vi startet i 2025."


@pytest.fixture
def edited(editor_client, call, clock, django_capture_on_commit_callbacks):
    """A published case whose title and first answer an editor changed, asking for approval."""
    case = make_case(call, state=State.PUBLISHED, title=OLD_TITLE, answer=OLD_ANSWER)
    data = admin_form_data(editor_client, case)
    data["title"] = NEW_TITLE
    data["answers-0-text"] = NEW_ANSWER
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(change_url(case), data).status_code == 302
        editor_client.post(change_url(case, "request-approval/"), {"note": "En skrivefeil."})
    case.refresh_from_db()
    return case


def reader_pages(case) -> dict[str, str]:
    reader = Client()
    pages = {
        "case": f"/eksempler/{case.slug}/",
        "list": "/eksempler/",
        "search": f"/eksempler/?q={OLD_TITLE.split()[0]}",
        "feed": "/feed/",
        "rss": "/feed/rss/",
    }
    responses = {name: reader.get(url) for name, url in pages.items()}
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(pages, 200)
    return {name: r.content.decode() for name, r in responses.items()}


def test_readers_keep_the_published_text_while_the_edit_waits(edited):
    assert (edited.state, edited.title) == (State.PUBLISHED, NEW_TITLE)  # the editors' text
    pages = reader_pages(edited)
    for name, html in pages.items():
        assert OLD_TITLE in html, name
        assert NEW_TITLE not in html, name
    assert OLD_ANSWER in pages["case"]
    assert NEW_ANSWER not in pages["case"]
    document = SearchDocument.objects.get(submission=edited).text
    assert "2024" in document
    assert "kafeen" not in document
    [in_book] = book_cases()
    assert in_book.title == OLD_TITLE
    assert {a.text for a in in_book.answers.all()} == {OLD_ANSWER}


def test_the_submitter_is_told_readers_see_the_published_text_meanwhile(edited):
    submitter = Client()
    submitter.post(f"/send-inn/lenke/{links.issue_token(edited)}/")
    html = submitter.get(f"/send-inn/bidrag/{edited.public_id}/").content.decode()
    assert "Leserne ser det slik det ble publisert til du godkjenner endringene." in html


def test_the_approved_text_replaces_the_published_one(edited, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approve(edited)
    edited.refresh_from_db()
    assert edited.published_text == {}
    pages = reader_pages(edited)
    assert NEW_TITLE in pages["case"]
    assert NEW_ANSWER in pages["case"]
    assert OLD_TITLE not in pages["list"]
    assert "kafeen" in SearchDocument.objects.get(submission=edited).text
    assert book_cases()[0].title == NEW_TITLE


def test_an_approval_recorded_by_an_editor_puts_the_new_text_live(edited, editor):
    approval = approvals.pending_edit_approval(edited)
    approvals.record_outside_approval(
        approval, by=editor, approver="Kari", given_at=approval.requested_at, channel="email"
    )
    assert case_page(slug=edited.slug).title == NEW_TITLE


def test_editors_undoing_their_edit_release_the_hold(editor_client, edited):
    data = admin_form_data(editor_client, edited)
    data["title"] = OLD_TITLE
    data["answers-0-text"] = OLD_ANSWER
    assert editor_client.post(change_url(edited), data).status_code == 302
    edited.refresh_from_db()
    assert edited.published_text == {}


def test_a_second_edit_keeps_the_first_published_text(editor_client, edited):
    data = admin_form_data(editor_client, edited)
    data["title"] = "Tredje tittel"
    assert editor_client.post(change_url(edited), data).status_code == 302
    assert case_page(slug=edited.slug).title == OLD_TITLE


def test_the_editors_preview_shows_their_edit(edited):
    assert case_page(public_id=edited.public_id, preview=True).title == NEW_TITLE


def test_a_case_loaded_with_the_readers_text_cannot_be_saved_over_the_edit(edited):
    shown = published_cases().get(pk=edited.pk)
    assert shown.title == OLD_TITLE
    with pytest.raises(RuntimeError):
        shown.save()
    # Narrowed loads (the sitemap's, a neighbour's link) still read the published title.
    assert published_cases().only("title", "slug").get(pk=edited.pk).title == OLD_TITLE
    assert Submission.objects.get(pk=edited.pk).title == NEW_TITLE


def test_unpublishing_and_publishing_again_needs_the_approval_and_drops_the_hold(edited):
    transition(edited, State.APPROVED, by=make_editor())
    edited.refresh_from_db()
    assert edited.published_text == {}
    approve(edited)
    transition(edited, State.PUBLISHED, by=make_editor())
    assert case_page(slug=edited.slug).title == NEW_TITLE


def test_iterating_in_chunks_shows_the_readers_text_too(edited):
    [shown] = list(published_cases().iterator())
    assert shown.title == OLD_TITLE
    assert {a.text for a in shown.answers.all()} == {OLD_ANSWER}
