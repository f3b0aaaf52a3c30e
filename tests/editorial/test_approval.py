"""Readers see only text the submitter wrote or approved: an edit of a published case's text
waits behind the published text for their approval, and the submitter always answers the newest
request to approve."""

import pytest
from django.test import Client

from submissions import approvals, links
from submissions.models import EditApproval
from submissions.workflow import State
from tests.editorial.test_workflow_admin import admin_form_data, change_url, move
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(call, clock):
    return make_case(call, state=State.PUBLISHED, title="Publisert tittel", answer="Publisert svar")


def admin_page(client, submission, suffix="change/") -> str:
    return client.get(change_url(submission, suffix)).content.decode()


def test_an_earlier_version_of_a_published_case_is_restored_behind_the_published_text(
    editor_client, published
):
    first = published.history.last()
    data = admin_form_data(editor_client, published)
    data["title"] = "Ny tittel"
    assert editor_client.post(change_url(published), data).status_code == 302
    response = editor_client.post(change_url(published, f"restore/{first.history_id}/"))
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == "Publisert tittel"  # the restored title is the approved one
    assert published.text_is_approved()
    assert published.published_text == {}  # so readers see it, nothing is held
    assert "/restore/" in admin_page(editor_client, published, "history/")


def test_to_change_a_published_text_editors_edit_ask_and_it_goes_live_when_approved(
    editor_client, published
):
    data = admin_form_data(editor_client, published)
    data["title"] = "Ny tittel"
    assert editor_client.post(change_url(published), data).status_code == 302
    published.refresh_from_db()
    assert (published.state, published.title) == (State.PUBLISHED, "Ny tittel")
    assert published.published_text["title"] == "Publisert tittel"

    editor_client.post(change_url(published, "request-approval/"))
    approve(published)
    published.refresh_from_db()
    assert (published.state, published.title) == (State.PUBLISHED, "Ny tittel")
    assert published.published_text == {}


def approve(submission, *, decision="approve"):
    """The submitter opens their link and answers the request waiting for them."""
    submitter = Client()
    submitter.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    url = f"/en/send-inn/bidrag/{submission.public_id}/endringer/"
    request = approvals.pending_edit_approval(submission).pk
    response = submitter.post(url, {"request": request, "decision": decision, "comment": "Ok"})
    assert response.status_code == 302
    return submitter


def test_asking_again_replaces_the_request_still_waiting(editor_client, call, clock):
    case = make_case(call, state=State.IN_REVIEW, title="Første tittel")
    for title in ("Andre tittel", "Tredje tittel"):
        data = admin_form_data(editor_client, case)
        data["title"] = title
        assert editor_client.post(change_url(case), data).status_code == 302
        editor_client.post(change_url(case, "request-approval/"))

    newest, older = case.edit_approvals.all()
    assert (newest.decision, newest.edited["title"]) == ("pending", "Tredje tittel")
    assert (older.decision, older.edited["title"]) == ("superseded", "Andre tittel")
    assert approvals.pending_edit_approval(case) == newest

    submitter = approve(case)
    # Nothing is left to answer: the older request no longer comes back.
    overview = submitter.get(f"/en/send-inn/bidrag/{case.public_id}/").content.decode()
    assert "See and approve the changes" not in overview
    assert approvals.pending_edit_approval(case) is None
    case.refresh_from_db()
    assert case.approved_text["title"] == "Tredje tittel"

    move(editor_client, case, State.APPROVED)
    move(editor_client, case, State.PUBLISHED)
    case.refresh_from_db()
    assert case.state == State.PUBLISHED
    assert list(case.edit_approvals.values_list("decision", flat=True)) == [
        EditApproval.Decision.APPROVED,
        EditApproval.Decision.SUPERSEDED,
    ]


def test_an_earlier_version_cannot_be_saved_back_through_its_history_page(editor_client, published):
    """simple_history's page of one version would save a POST as that version: an earlier
    state and text, past the workflow and the approval."""
    first = published.history.last()
    url = change_url(published, f"history/{first.history_id}/")
    assert editor_client.get(url).status_code == 200
    data = {**admin_form_data(editor_client, published), "title": "Ulovlig tittel"}
    assert editor_client.post(url, data).status_code == 403
    published.refresh_from_db()
    assert (published.state, published.title) == (State.PUBLISHED, "Publisert tittel")


def test_an_answer_to_a_replaced_request_is_not_taken_and_the_newest_is_shown(
    editor_client, call, clock
):
    case = make_case(call, state=State.IN_REVIEW, title="Første tittel")
    submitter = Client()
    submitter.post(f"/send-inn/lenke/{links.issue_token(case)}/")
    url = f"/en/send-inn/bidrag/{case.public_id}/endringer/"

    def edit_and_ask(title):
        data = admin_form_data(editor_client, case)
        data["title"] = title
        editor_client.post(change_url(case), data)
        editor_client.post(change_url(case, "request-approval/"))
        return approvals.pending_edit_approval(case).pk

    read = edit_and_ask("Andre tittel")  # the submitter opens the page for this one...
    newest = edit_and_ask("Tredje tittel")  # ...while the editors change the text again
    page = submitter.post(url, {"request": read, "decision": "comment", "comment": "Min kommentar"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "The editors changed the text again after you opened this page." in html
    assert "Tredje" in html
    assert "Min kommentar" in html  # kept
    assert f'name="request" value="{newest}"' in html
    assert approvals.pending_edit_approval(case).pk == newest
    assert EditApproval.objects.get(pk=read).decision == EditApproval.Decision.SUPERSEDED


def test_answering_a_request_twice_is_refused(call, clock):
    case = make_case(call, state=State.IN_REVIEW)
    case.title = "Redigert"
    case.save()
    approval = approvals.request_edit_approval(case, by=None)
    approvals.answer_edit_approval(approval, approve=True)
    with pytest.raises(approvals.ApprovalNotPending):
        approvals.answer_edit_approval(approval, approve=False, comment="For sent")
