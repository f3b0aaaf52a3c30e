"""In a real browser: the workflow buttons of a case's admin page never throw away edits typed
into its change form (static/js/editorial.js)."""

import pytest

from submissions.workflow import State
from tests.factories import EDITOR_PASSWORD, make_submission, make_theme

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def signed_in_on_the_case(page, submission):
    page.goto("/admin/login/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(f"/admin/submissions/submission/{submission.pk}/change/")


def test_workflow_buttons_wait_until_typed_edits_are_saved(page, editor):
    submission = make_submission()
    signed_in_on_the_case(page, submission)
    start_review = page.locator("button[name=target][value=in_review]")
    note = page.locator("#kb-unsaved-note")
    assert start_review.is_enabled()
    assert not note.is_visible()

    page.fill("#id_title", "Kafé som arbeidstrening i Oslo")
    assert start_review.is_disabled()
    assert note.is_visible()
    assert start_review.get_attribute("aria-describedby") == "kb-unsaved-note"

    # Typing it back as it was makes the form clean again.
    page.fill("#id_title", "Kafé som arbeidstrening")
    assert start_review.is_enabled()
    assert not note.is_visible()

    # Saved, the edit is part of the case and the buttons act on it.
    page.fill("#id_title", "Kafé som arbeidstrening i Oslo")
    page.locator("input[name=_continue]").click()
    page.wait_for_selector(".messagelist .success")
    assert page.locator("button[name=target][value=in_review]").is_enabled()
    page.locator("button[name=target][value=in_review]").click()
    page.wait_for_selector(".messagelist .success")
    submission.refresh_from_db()
    assert (submission.title, submission.state) == (
        "Kafé som arbeidstrening i Oslo",
        State.IN_REVIEW,
    )


def test_a_change_in_the_two_box_theme_selector_counts_as_unsaved(page, editor):
    theme = make_theme()
    submission = make_submission()
    signed_in_on_the_case(page, submission)
    page.select_option("#id_themes_from", str(theme.pk))
    page.locator("#id_themes_add").click()  # the "Choose" arrow
    assert page.locator("button[name=target][value=in_review]").is_disabled()
    assert page.locator("#kb-unsaved-note").is_visible()
