"""In a real browser: an editor edits a case, asks for changes pointing at parts of it, and the
submitter finds the request at the top of their page with the editors' edit shown as theirs,
on a phone-sized window. With KOKEBOK_SHOTS set to a folder, saves screenshots there."""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from submissions import links
from submissions.workflow import State
from tests.e2e.test_accessibility import assert_shown_page_accessible
from tests.factories import EDITOR_PASSWORD, make_call, make_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def shoot(page, name: str):
    folder = os.environ.get("KOKEBOK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def editor_edits_the_title(page, case, title):
    page.goto("/admin/login/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(f"/admin/submissions/submission/{case.pk}/change/")
    page.fill("#id_title", title)
    page.locator("input[name=_continue]").click()
    page.wait_for_selector(".messagelist .success")


def submitter_page(page, case):
    """The submitter, on a phone, signed in through a fresh secret link."""
    submitter = page.context.browser.new_context(
        base_url=page.url.split("/admin/")[0],
        locale="nb-NO",
        viewport={"width": 390, "height": 800},
    ).new_page()
    submitter.goto(f"/send-inn/lenke/{links.issue_token(case)}/")
    submitter.locator("main form button[type=submit]").click()
    submitter.wait_for_url("**/send-inn/bidrag/*/")
    return submitter


def test_a_request_for_changes_reaches_the_submitters_page(page, editor):
    call = make_call()
    case = make_case(call, state=State.IN_REVIEW, title="Kafé på hjørnet")
    question = call.questions.first()
    editor_edits_the_title(page, case, "Kafeen på hjørnet")
    page.fill("#id_transition_comment", "Skriv litt mer om hvordan dere fant hverandre.")
    page.get_by_label(question.display_text, exact=True).check()
    page.get_by_label("Bilde, beskrivelse og kreditering").check()
    shoot(page, "admin-request-changes")
    page.locator("button[name=target][value=changes_requested]").click()
    page.wait_for_selector(".messagelist .success")

    submitter = page.context.browser.new_context(
        base_url=page.url.split("/admin/")[0],
        locale="nb-NO",
        viewport={"width": 390, "height": 800},
    ).new_page()
    submitter.goto(f"/send-inn/lenke/{links.issue_token(case)}/")
    submitter.locator("main form button[type=submit]").click()
    submitter.wait_for_url("**/send-inn/bidrag/*/")
    request = submitter.locator(".kb-editors-request")
    assert (
        request.get_by_role("heading", level=2).inner_text()
        == "Redaksjonen ber deg gjøre endringer"
    )
    assert "hvordan dere fant hverandre" in request.inner_text()
    assert request.locator(f'li[data-part="question-{question.pk}"]').is_visible()
    assert request.locator("del").first.inner_text() == "Kafé"
    assert request.locator("ins").first.inner_text() == "Kafeen"
    shoot(submitter, "submitter-request")
    assert_shown_page_accessible(submitter)
    submitter.set_viewport_size({"width": 390, "height": 800})
    # The request is no wider than the phone's window.
    box = request.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390

    submitter.goto(f"/send-inn/bidrag/{case.public_id}/tekst/")
    marked = submitter.locator(f"#id_answer_{question.pk}")
    assert marked.get_attribute("data-editors-request") == "true"
    shoot(submitter, "submitter-writeup-marked")


def test_a_published_case_is_edited_and_its_approval_recorded_from_a_phone_call(page, editor):
    case = make_case(make_call(), state=State.PUBLISHED, title="Kafé på hjørnet")
    editor_edits_the_title(page, case, "Kafeen på hjørnet")
    page.fill("#id_note", "Vi rettet en skrivefeil i tittelen.")
    page.get_by_role("button", name="Be innsenderen godkjenne endringene").click()
    page.wait_for_selector(".messagelist .success")

    reader = page.context.browser.new_context(base_url=page.url.split("/admin/")[0]).new_page()
    reader.goto(f"/eksempler/{case.slug}/")
    assert reader.get_by_role("heading", level=1).inner_text() == "Kafé på hjørnet"

    submitter = submitter_page(page, case)
    submitter.get_by_role("link", name="Se over og godkjenn endringene").click()
    assert "Vi rettet en skrivefeil i tittelen." in submitter.locator("main").inner_text()
    shoot(submitter, "submitter-approve-with-note")
    assert_shown_page_accessible(submitter)

    page.get_by_role("link", name="Registrer en godkjenning gitt på telefon eller e-post").click()
    page.get_by_label("Hvem godkjente").fill("Kari Nordmann")
    page.get_by_label("Telefon").check()
    page.get_by_label("Når (dato og klokkeslett)").fill(
        timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    )
    shoot(page, "admin-outside-approval")
    page.get_by_role("button", name="Registrer godkjenningen").click()
    page.wait_for_selector(".messagelist .success")

    reader.goto(f"/eksempler/{case.slug}/")
    assert reader.get_by_role("heading", level=1).inner_text() == "Kafeen på hjørnet"
