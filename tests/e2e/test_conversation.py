"""In a real browser: an editor edits a case, asks for changes pointing at parts of it, and the
submitter finds the request at the top of their page with the editors' edit shown as theirs,
on a phone-sized window. With KOKEBOK_SHOTS set to a folder, saves screenshots there."""

import os
from pathlib import Path

import pytest

from submissions import links
from submissions.workflow import State
from tests.factories import EDITOR_PASSWORD, make_call, make_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def shoot(page, name: str):
    folder = os.environ.get("KOKEBOK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def test_a_request_for_changes_reaches_the_submitters_page(page, editor):
    call = make_call()
    case = make_case(call, state=State.IN_REVIEW, title="Kafé på hjørnet")
    question = call.questions.first()

    page.goto("/admin/login/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(f"/admin/submissions/submission/{case.pk}/change/")
    page.fill("#id_title", "Kafeen på hjørnet")
    page.locator("input[name=_continue]").click()
    page.wait_for_selector(".messagelist .success")
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
    assert request.get_by_role("heading").inner_text() == "Redaksjonen ber deg gjøre endringer"
    assert "hvordan dere fant hverandre" in request.inner_text()
    assert request.locator(f'li[data-part="question-{question.pk}"]').is_visible()
    assert request.locator("del").first.inner_text() == "Kafé"
    assert request.locator("ins").first.inner_text() == "Kafeen"
    # Nothing wider than the phone's window.
    assert submitter.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(submitter, "submitter-request")

    submitter.goto(f"/send-inn/bidrag/{case.public_id}/tekst/")
    marked = submitter.locator(f"#id_answer_{question.pk}")
    assert marked.get_attribute("data-editors-request") == "true"
    shoot(submitter, "submitter-writeup-marked")
