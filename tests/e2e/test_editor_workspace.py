"""In a real browser, as an editor (a member of the editors' group, not a superuser) signed in
with the second factor: the start page's figures match the data, the case page fits the window
at 1,280 and 1,024 pixels, and no English of Django's admin (or ours) shows on the Bokmål admin
pages: the dashboard, the review list, the case page, its history and an earlier version."""

import re

import pytest
from django.core.files.base import ContentFile
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from submissions.models import Submission
from submissions.workflow import State
from tests.e2e.test_accessibility import assert_shown_page_accessible
from tests.factories import (
    EDITOR_PASSWORD,
    NO_BOOK_CONSENT,
    add_photo,
    make_call,
    make_case,
    make_submission,
    make_theme,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What Django's admin (and our own admin code) says in English when a translation is missing.
# Matched case-sensitively as whole phrases, in the page's text and its titles and labels.
ENGLISH_PHRASES = [
    "by selecting them",
    "Choose all",
    "Remove all",
    "Choose selected",
    "Available ",
    "Chosen ",
    "click to clear",
    "Question:",
    "Requested at",
    "Requested by",
    "From state",
    "To state",
    "By user",
    "By submitter",
    "Created at",
    "Author",
    "Public id",
    "Show counts",
    "Hide counts",
    "Start typing to filter",
    "Toggle theme",
    "Select all",
    "Save and continue editing",
    "View on site",
    "Change password",
    "Log out",
    "Welcome",
    "Recent actions",
    "Date/time",
    "Breadcrumbs",
    "web: ✓",
    "book: ✗",
    "Waiting for you",
    "Submissions per",
    "The text as readers will see it",
    "words in all",
    "Published on the web",
    "Pitches",
    "Write-ups",
    "Everything in the admin",
]

VISIBLE_TEXT = """() => {
  const parts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll("[title], [aria-label], [placeholder], [alt]")) {
    for (const name of ["title", "aria-label", "placeholder", "alt"]) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join("\\n");
}"""


def sign_in_with_the_second_factor(page, editor, settings):
    """As an editor does in production: password, then the code from the authenticator app."""
    settings.EDITOR_MFA = True
    page.goto("/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", EDITOR_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/to-trinn/**")
    device = TOTPDevice.objects.get(user=editor)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Kode").fill(f"{totp.token():06d}")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Jeg har tatt vare på kodene: gå videre").click()
    page.wait_for_url("**/admin/")


@pytest.fixture
def workspace(editor):
    """A call with a case in review assigned to the editor (photo, attachment, a contact who
    said no to the book), two published cases and a pitch."""
    call = make_call()
    work = make_theme(slug="arbeid", name="Arbeid")
    mine = make_case(
        call,
        state=State.IN_REVIEW,
        title="Min sak til vurdering",
        main_theme=work,
        themes=[make_theme(slug="unge", name="Unge")],
        consents=NO_BOOK_CONSENT,
        answer="Et **godt** svar.",
    )
    mine.attachment.save("vedlegg.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    Submission.objects.filter(pk=mine.pk).update(
        assigned_editor=editor, attachment=mine.attachment.name
    )
    add_photo(mine, alt="Kafeen en morgen")
    make_case(call, state=State.PUBLISHED, title="Publisert en", main_theme=work)
    make_case(call, state=State.PUBLISHED, title="Publisert to", municipalities=("1103",))
    make_submission(call, title="Bare en pitch", submitter_email="p@example.no")
    return {"mine": mine}


def english_on(page) -> list[str]:
    text = page.evaluate(VISIBLE_TEXT)
    return [phrase for phrase in ENGLISH_PHRASES if phrase in text]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_editors_workspace_in_bokmal_fits_and_counts(page, editor, workspace, settings):
    mine = workspace["mine"]
    sign_in_with_the_second_factor(page, editor, settings)
    visited = {}

    # The start page: what waits for me, and the figures, each as the data has them.
    assert page.locator("html").get_attribute("lang") == "nb"
    in_review = page.locator("#kb-in-review")
    assert in_review.get_by_role("link", name="Min sak til vurdering").is_visible()
    states = page.locator("#kb-states").inner_text()
    assert "Publisert: 2" in states
    assert "Til vurdering: 1" in states
    assert "Pitch mottatt: 1" in states
    counties = page.locator("#kb-counties").inner_text()
    assert re.search(r"Oslo\s+3", counties)
    assert re.search(r"Rogaland\s+1", counties)
    assert page.locator("#kb-per-day svg rect.kb-bar-pitches").count() >= 1
    visited["dashboard"] = english_on(page)
    assert_shown_page_accessible(page)  # the chart's links, the cards' headings
    # The figure's link filters the list to that many.
    page.locator("#kb-states").get_by_role("link", name=re.compile("Publisert")).click()
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list tbody tr").count() == 2

    # The review list, its filters with their counts shown.
    page.goto("/admin/submissions/submission/?_facets=True")
    visited["changelist"] = english_on(page)

    # The case page, at 1,280 and at 1,024 pixels.
    page.goto(f"/admin/submissions/submission/{mine.pk}/change/")
    page.wait_for_selector("#id_themes_from")  # the two-box theme selector, drawn by script
    assert fits(page), "the case page scrolls sideways at 1,280 pixels"
    assert page.locator(".kb-review-answer strong", has_text="godt").count() >= 1
    assert page.get_by_text("Publisert på nett: ja").first.is_visible()
    assert page.get_by_text("I boka: nei").first.is_visible()
    assert page.locator(".kb-thumbnail img").evaluate("img => img.naturalWidth") > 0
    visited["case page"] = english_on(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned PDF-en").click()
    assert download.value.suggested_filename == f"vedlegg-{mine.pk}.pdf"
    page.set_viewport_size({"width": 1024, "height": 768})
    page.reload()
    page.wait_for_selector("#id_themes_from")
    assert fits(page), "the case page scrolls sideways at 1,024 pixels"
    page.set_viewport_size({"width": 1280, "height": 800})

    # Its history with the diffs, and one earlier version.
    page.goto(f"/admin/submissions/submission/{mine.pk}/history/")
    assert fits(page), "the history scrolls sideways at 1,280 pixels"
    visited["history"] = english_on(page)
    version = mine.history.last().history_id
    page.goto(f"/admin/submissions/submission/{mine.pk}/history/{version}/")
    visited["earlier version"] = english_on(page)

    assert visited == {name: [] for name in visited}


def test_an_editor_chooses_nynorsk_for_the_admin(page, editor, workspace, settings):
    sign_in_with_the_second_factor(page, editor, settings)
    page.locator(".kb-admin-language button[value=nn]").click()
    page.wait_for_selector("html[lang=nn]")
    assert page.get_by_role("heading", name="Ventar på deg").is_visible()
    page.goto(f"/admin/submissions/submission/{workspace['mine'].pk}/change/")
    assert page.get_by_text("I boka: nei").first.is_visible()
    assert page.locator("html").get_attribute("lang") == "nn"
