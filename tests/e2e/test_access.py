"""Never lost, never locked out, in a real browser: text typed while the session ended waits
in the form after the next link, and "Sign out on all devices" ends the other device's session."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from submissions import links
from submissions.workflow import State
from tests.e2e.test_accessibility import assert_accessible, assert_shown_page_accessible
from tests.factories import make_call, make_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def case():
    now = timezone.now()
    call = make_call(
        pitch_deadline=now + dt.timedelta(days=10), writeup_deadline=now + dt.timedelta(days=16)
    )
    return make_case(call, state=State.PITCH_RECEIVED)


def open_link(page, raw_token):
    page.goto(f"/en/send-inn/lenke/{raw_token}/")
    page.get_by_role("button", name="Continue").click()


def test_text_typed_when_the_session_ended_waits_after_the_next_link(page, case):
    open_link(page, links.issue_token(case))
    page.goto(f"/en/send-inn/bidrag/{case.public_id}/tekst/")
    first = case.call.questions.first()
    page.fill(f"#id_answer_{first.pk}", "Skrevet mens lenken ble avsluttet.")
    links.revoke_tokens(case)  # signed out on all devices, from the other phone
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_selector("h1")
    assert "You are signed out" in page.text_content("h1")
    assert "Your text has been kept in this browser" in page.text_content("main")

    open_link(page, links.issue_token(case))
    assert page.url.endswith(f"/send-inn/bidrag/{case.public_id}/tekst/")
    assert page.input_value(f"#id_answer_{first.pk}") == "Skrevet mens lenken ble avsluttet."
    assert "has been filled in. Save to keep it." in page.text_content("[role=status]")


def test_signing_out_on_all_devices_ends_the_other_devices_session(
    page, browser, live_server, case
):
    other_context = browser.new_context(base_url=live_server.url, locale="en")
    other_device = other_context.new_page()
    open_link(other_device, links.issue_token(case))
    open_link(page, links.issue_token(case))
    page.get_by_role("button", name="Sign out on all devices").click()
    page.wait_for_selector("h1")
    assert "You are signed out on all devices" in page.text_content("h1")
    other_device.goto(f"/en/send-inn/bidrag/{case.public_id}/")
    assert "Open the link in your e-mail" in other_device.text_content("h1")
    other_context.close()
    assert mail.outbox[-1].to == [case.submitter_email]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_pages_without_access_have_no_accessibility_violations(page, case, prefix):
    assert_accessible(page, f"{prefix}/send-inn/bidrag/{case.public_id}/")  # a bookmark
    open_link(page, links.issue_token(case))
    page.goto(f"{prefix}/send-inn/bidrag/{case.public_id}/tekst/")
    links.revoke_tokens(case)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("h1")
    assert_shown_page_accessible(page)  # signed out, text kept
    open_link(page, links.issue_token(case))
    assert_shown_page_accessible(page)  # the text waiting, with its notice
    page.goto(f"{prefix}/send-inn/bidrag/{case.public_id}/")
    page.locator(".kb-sign-out-everywhere button").click()
    page.wait_for_selector("h1")
    assert_shown_page_accessible(page)  # signed out on all devices
