"""Every public form completed and sent with the keyboard alone, with a visible focus ring on
every stop of the way (the pitch form has its own, longer walk in test_forms.py)."""

import pytest
from django.core import mail

from participation.models import Input, Tool
from submissions import links
from submissions.models import Submission
from submissions.workflow import State
from tests.e2e.test_accessibility import FOCUS_STYLE, focus_ring_is_visible
from tests.factories import make_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SUBMIT = "main form button[type=submit]"


def tab_until(page, selector: str, limit: int = 80):
    """Press Tab until the focused element matches `selector`, checking the focus ring at every
    stop inside the page's main content."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "s => [document.activeElement.matches(s), !!document.activeElement.closest('main')]",
            selector,
        )
        if where[1]:
            style = page.evaluate(FOCUS_STYLE)
            label = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
            assert focus_ring_is_visible(style), f"no visible focus on {label}: {style}"
        if where[0]:
            return
    raise AssertionError(f"{selector} is not reachable with the Tab key")


def type_at(page, selector: str, text: str):
    tab_until(page, selector)
    page.keyboard.type(text)


def send(page):
    tab_until(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_input_is_sent_with_the_keyboard_alone(page, site):
    page.goto("/en/innspill/")
    type_at(page, "#id_name", "Per Leser")
    type_at(page, "#id_email", "per@example.no")
    type_at(page, "#id_text", "Et godt eksempel på samarbeid.")
    tab_until(page, "#id_publish_consent")
    page.keyboard.press("Space")
    send(page)
    item = Input.objects.get(name="Per Leser")
    assert (item.text, item.publish_consent) == ("Et godt eksempel på samarbeid.", True)


def test_a_tool_is_suggested_with_the_keyboard_alone(page, site):
    page.goto("/en/verktoy/foresla/")
    type_at(page, "#id_title", "Veileder for kjøp")
    type_at(page, "#id_link", "https://example.no/veileder")
    type_at(page, "#id_description", "Hvordan kommunen kjøper under terskelverdien.")
    send(page)
    assert Tool.objects.filter(title="Veileder for kjøp").exists()


def test_a_new_link_is_asked_for_with_the_keyboard_alone(page, site):
    make_case(site["call"], state=State.PITCH_RECEIVED, submitter_email="min@example.no")
    mail.outbox.clear()
    page.goto("/en/send-inn/ny-lenke/")
    type_at(page, "#id_email", "min@example.no")
    send(page)
    assert [message.to for message in mail.outbox] == [["min@example.no"]]


def test_the_write_up_is_saved_with_the_keyboard_alone(page, site):
    case = make_case(
        site["call"], state=State.PITCH_RECEIVED, title="Min pitch", submitter_email="s@example.no"
    )
    page.goto(f"/en/send-inn/lenke/{links.issue_token(case)}/")
    send(page)  # the button that opens the case in this browser
    page.goto(f"/en/send-inn/bidrag/{case.public_id}/tekst/")
    first = case.call.questions.order_by("position").first()
    type_at(page, f"#id_answer_{first.pk}", "Mange sto uten arbeid.")
    tab_until(page, "main form.kb-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/send-inn/bidrag/{case.public_id}/bilde/")
    assert Submission.objects.get(pk=case.pk).answers.get(question=first).text == (
        "Mange sto uten arbeid."
    )
