"""Autosave in a real browser: type, pause, reload, and the text is there."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from submissions import links
from submissions.models import Answer, Submission
from submissions.workflow import State
from tests.factories import make_call, make_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def case():
    now = timezone.now()
    call = make_call(
        pitch_deadline=now + dt.timedelta(days=10), writeup_deadline=now + dt.timedelta(days=16)
    )
    return make_case(call, state=State.PITCH_RECEIVED, answer="")


def open_case(page, case):
    page.goto(f"/send-inn/lenke/{links.issue_token(case)}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/send-inn/bidrag/{case.public_id}/")


def test_typing_is_saved_after_a_pause_and_is_there_after_a_reload(page, case):
    open_case(page, case)
    page.goto(f"/send-inn/bidrag/{case.public_id}/tekst/")
    first = case.call.questions.first()
    status = page.locator("[data-autosave-status]")
    assert status.get_attribute("aria-live") == "polite"

    page.locator(f"#id_answer_{first.pk}").press_sequentially("Skrevet på bussen", delay=20)
    expect(status).to_have_text(re.compile(r"^Lagret \d\d:\d\d$"), timeout=8_000)
    assert Answer.objects.get(submission=case, question=first).text == "Skrevet på bussen"

    # The next save carries the new version: no conflict with our own autosave.
    with page.expect_response(
        lambda response: response.request.method == "POST" and response.url.endswith("/tekst/"),
        timeout=8_000,
    ) as autosave:
        page.locator(f"#id_answer_{first.pk}").press_sequentially(" og toget", delay=20)
    assert autosave.value.json()["saved"] is True
    page.reload()
    assert page.input_value(f"#id_answer_{first.pk}") == "Skrevet på bussen og toget"
    case.refresh_from_db()
    assert case.state == State.PITCH_RECEIVED
    assert Submission.objects.get(pk=case.pk).writeup_submitted_at is None


def test_save_and_continue_right_after_an_autosave_is_no_conflict(page, case):
    open_case(page, case)
    page.goto(f"/send-inn/bidrag/{case.public_id}/tekst/")
    first = case.call.questions.first()
    with page.expect_request(
        lambda request: request.method == "POST" and request.headers.get("x-autosave") == "1",
        timeout=8_000,
    ):
        page.locator(f"#id_answer_{first.pk}").press_sequentially("Rett før klikket", delay=20)
    # The button waits for the background save and sends the version it made.
    page.get_by_role("button", name="Lagre og fortsett").click()
    page.wait_for_url(f"**/send-inn/bidrag/{case.public_id}/bilde/")
    assert Answer.objects.get(submission=case, question=first).text == "Rett før klikket"


def test_signed_out_while_typing_says_so_and_the_text_waits_for_the_next_link(page, case):
    open_case(page, case)
    page.goto(f"/send-inn/bidrag/{case.public_id}/tekst/")
    first = case.call.questions.first()
    links.revoke_tokens(case)  # signed out on all devices, from another phone
    page.locator(f"#id_answer_{first.pk}").press_sequentially("Skrevet etter utlogging", delay=20)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Du er logget ut", timeout=8_000)
    assert not Answer.objects.filter(submission=case, question=first).exists()
    # The next link in this browser leads back to the page, the text filled in.
    page.goto(f"/send-inn/lenke/{links.issue_token(case)}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/send-inn/bidrag/{case.public_id}/tekst/")
    assert page.input_value(f"#id_answer_{first.pk}") == "Skrevet etter utlogging"
