"""The pitch form for a keyboard user and a screen-reader user, and nothing lost at a deadline."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from submissions import links
from submissions.models import Submission
from submissions.workflow import State
from tests.factories import make_call, make_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def call():
    now = timezone.now()
    return make_call(
        pitch_deadline=now + dt.timedelta(days=10), writeup_deadline=now + dt.timedelta(days=16)
    )


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def tab_to(page, target: str, limit: int = 80):
    """Press Tab until the element with id (or text) `target` has focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_id(page) == target:
            return
    raise AssertionError(f"{target} is not reachable with the Tab key")


def type_into(page, field_id: str, text: str):
    tab_to(page, field_id)
    page.keyboard.type(text)


def choose_municipality(page, typed: str, shown: str):
    """Type into the municipality combobox, arrow down to `shown` and choose it with Enter."""
    tab_to(page, "id_municipalities_search")
    page.keyboard.type(typed)
    for _ in range(10):
        page.keyboard.press("ArrowDown")
        active = page.evaluate(
            "document.getElementById(document.activeElement.getAttribute('aria-activedescendant'))"
            "?.textContent.trim()"
        )
        if active == shown:
            break
    page.keyboard.press("Enter")
    expect(page.locator("ds-suggestion data", has_text=shown)).to_have_count(1)
    # kokebok.js empties the box a task after the choice: wait for it rather than race it.
    expect(page.locator("#id_municipalities_search")).to_have_value("")


def test_pitch_can_be_sent_with_the_keyboard_alone(page, call):
    page.goto("/en/send-inn/")
    type_into(page, "id_title", "Kafé som arbeidstrening")
    type_into(page, "id_summary", "Kommunen og en sosial entreprenør driver en kafé.")
    choose_municipality(page, "Osl", "Oslo (Oslo)")
    type_into(page, "id_enterprise_name", "Grønn Start AS")
    type_into(page, "id_submitter_name", "Kari Nordmann")
    type_into(page, "id_submitter_email", "kari@example.no")
    tab_to(page, "id_submitter_side_0")
    page.keyboard.press("Space")  # the municipality
    tab_to(page, "id_accept")
    page.keyboard.press("Space")
    tab_to(page, "Send pitch")
    page.keyboard.press("Enter")
    page.wait_for_url("**/send-inn/takk/")
    submission = Submission.objects.get()
    assert submission.title == "Kafé som arbeidstrening"
    assert [m.number for m in submission.municipalities.all()] == ["0301"]
    assert [(p.side, p.is_submitter) for p in submission.people.all()] == [("municipality", True)]
    expect(page.locator("main")).to_contain_text("kari@example.no")


# The page's form sent again after it was sent, as a double click that gets through or a
# second tab of the same page does. (At the same instant the live server's test database would
# lock; bench/concurrent_pitches.py --same-key races it on the real settings.)
SEND_AGAIN = """async () => {
  const form = document.querySelector("main form");
  const answer = await fetch(location.href, {method: "POST", body: new FormData(form)});
  return answer.url.replace(location.origin, "") + " " + answer.status;
}"""


def test_the_same_page_sent_three_times_makes_one_pitch_and_one_email(page, call):
    from django.core import mail

    page.goto("/en/send-inn/")
    page.fill("#id_title", "Kafé som arbeidstrening")
    page.fill("#id_summary", "Kommunen og en sosial entreprenør driver en kafé.")
    choose_municipality(page, "Osl", "Oslo (Oslo)")
    page.fill("#id_enterprise_name", "Grønn Start AS")
    page.fill("#id_submitter_name", "Kari Nordmann")
    page.fill("#id_submitter_email", "kari@example.no")
    page.check("#id_submitter_side_2")
    page.check("#id_accept")
    for _ in range(2):
        assert page.evaluate(SEND_AGAIN) == "/en/send-inn/takk/ 200"
    page.get_by_role("button", name="Send pitch").dblclick()
    page.wait_for_url("**/send-inn/takk/")
    expect(page.locator("main")).to_contain_text("kari@example.no")
    assert Submission.objects.count() == 1
    assert [m.to for m in mail.outbox if "/send-inn/lenke/" in m.body] == [["kari@example.no"]]


# Every kind of control a person fills in or chooses; a group of radios or checkboxes sharing a
# name is one question. The honeypot (aria-hidden) and the inputs nobody sees do not count.
COUNT_CONTROLS = """() => {
  const form = document.querySelector("main form");
  const names = new Set();
  for (const el of form.elements) {
    if (!["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)) continue;
    if (["hidden", "submit", "button"].includes(el.type)) continue;
    if (el.closest("[aria-hidden=true]") || !el.checkVisibility()) continue;
    const labelled = el.labels.length || el.getAttribute("aria-label")
      || el.getAttribute("aria-labelledby");
    if (!labelled) throw new Error("a control without a label: " + (el.name || el.id));
    names.add(["radio", "checkbox"].includes(el.type) ? el.name : el.name || el.id);
  }
  return [...names];
}"""


@pytest.mark.parametrize("javascript", [True, False])
def test_the_pitch_page_has_at_most_ten_controls(browser, live_server, call, javascript):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto("/en/send-inn/")
        if not javascript:  # the county groups fold the municipalities: open them all
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        controls = page.evaluate(COUNT_CONTROLS)
    finally:
        context.close()
    municipalities = "id_municipalities_search" if javascript else "municipalities"
    assert sorted(controls) == sorted(
        [
            "title",
            "summary",
            municipalities,
            "enterprise_name",
            "org_number",
            "submitter_name",
            "submitter_email",
            "submitter_side",
            "accept",
        ]
    )
    assert len(controls) <= 10


def test_errors_are_summarised_focused_and_linked_to_their_fields(page, call):
    page.goto("/en/send-inn/")
    page.fill("#id_title", "Min tittel")
    page.get_by_role("button", name="Send pitch").click()
    page.wait_for_selector("#error-summary")
    assert focused_id(page) == "error-summary"
    assert page.input_value("#id_title") == "Min tittel"
    summary = page.get_attribute("#id_summary", "aria-describedby").split()
    assert page.get_attribute("#id_summary", "aria-invalid") == "true"
    error_id = next(i for i in summary if i.endswith("_error"))
    assert "Write a few sentences about what the collaboration is." in page.text_content(
        f"#{error_id}"
    )
    assert page.title().startswith("Error: Send in an example")
    first_link = page.locator("#error-summary a").first
    first_link.click()
    assert focused_id(page) == first_link.get_attribute("href").lstrip("#")


def test_pitch_typed_before_the_deadline_is_shown_back_after_it(page, call):
    page.goto("/en/send-inn/")
    page.fill("#id_title", "Sent, men ikke glemt")
    page.fill("#id_summary", "Teksten jeg skrev i en time.")
    Submission.objects.none()  # nothing saved yet
    call.pitch_deadline = timezone.now() - dt.timedelta(minutes=1)
    call.save()
    page.get_by_role("button", name="Send pitch").click()
    page.wait_for_selector("#error-summary")
    assert "The call closed at" in page.text_content("#error-summary")
    assert page.input_value("#id_title") == "Sent, men ikke glemt"
    assert page.input_value("#id_summary") == "Teksten jeg skrev i en time."
    assert Submission.objects.count() == 0


def test_writeup_typed_before_the_deadline_is_shown_back_after_it(page, call):
    case = make_case(call, state=State.PITCH_RECEIVED)
    page.goto(f"/en/send-inn/lenke/{links.issue_token(case)}/")
    page.get_by_role("button", name="Continue").click()
    page.goto(f"/en/send-inn/bidrag/{case.public_id}/tekst/")
    first = case.call.questions.first()
    page.fill(f"#id_answer_{first.pk}", "Et langt svar som ikke må gå tapt.")
    call.writeup_deadline = timezone.now() - dt.timedelta(minutes=1)
    call.save()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_selector("#error-summary")
    assert "can no longer be changed" in page.text_content("#error-summary")
    assert page.input_value(f"#id_answer_{first.pk}") == "Et langt svar som ikke må gå tapt."


def test_the_word_count_follows_typing_and_is_announced_when_typing_pauses(page):
    call = make_call(
        pitch_deadline=timezone.now() + dt.timedelta(days=10),
        writeup_deadline=timezone.now() + dt.timedelta(days=16),
        writeup_target_words=4,
        writeup_max_words=6,
    )
    case = make_case(call, state=State.PITCH_RECEIVED)
    page.goto(f"/en/send-inn/lenke/{links.issue_token(case)}/")
    page.get_by_role("button", name="Continue").click()
    page.goto(f"/en/send-inn/bidrag/{case.public_id}/tekst/")
    first, second = list(call.questions.all())[:2]
    counter, spoken = page.locator("#word-count"), page.locator("#word-count-status")
    assert counter.text_content() == "Words so far: 0 of about 4 (at most 6)."
    assert spoken.get_attribute("aria-live") == "polite"

    type_into(page, f"id_answer_{first.pk}", "Kafé med arbeidstrening")
    assert counter.text_content() == "Words so far: 3 of about 4 (at most 6)."
    expect(spoken).to_have_text("Words so far: 3 of about 4 (at most 6).")

    # Words in every answer count together; over the cap the count says so, in bold red.
    type_into(page, f"id_answer_{second.pk}", "for unge i Oslo")
    assert counter.text_content() == "Too long: 7 words, the limit is 6."
    assert "kb-over" in counter.get_attribute("class")
    expect(spoken).to_have_text("Too long: 7 words, the limit is 6.")
    # Let the autosave of what was typed finish before the test's database is emptied.
    expect(page.locator("[data-autosave-status]")).to_contain_text("Saved", timeout=8_000)


def test_municipality_combobox_exposes_its_roles_and_takes_several_by_keyboard(page, call):
    page.goto("/en/send-inn/")
    search = page.get_by_role("combobox", name="Type the name of the municipality")
    expect(search).to_be_visible()
    expect(page.locator("[data-municipality-picker]")).to_be_hidden()
    choose_municipality(page, "Herøy", "Herøy (Nordland - Nordlánnda)")
    # Names repeat after the 2024 reform: each option says its county.
    search.fill("Herøy")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_text(
        ["Herøy (Møre og Romsdal)", "Herøy (Nordland - Nordlánnda)"], use_inner_text=True
    )
    search.fill("")
    choose_municipality(page, "Berg", "Bergen (Vestland)")
    assert search.get_attribute("aria-expanded") in ("true", "false")
    assert search.get_attribute("aria-controls")
    chosen = page.locator("ds-suggestion select option:checked")
    expect(chosen).to_have_count(2)
    # A chosen municipality is removed from the keyboard too: left arrow to its chip, Enter.
    search.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    expect(page.locator("ds-suggestion data")).to_have_text(["Herøy (Nordland - Nordlánnda)"])


def test_municipalities_are_a_plain_list_of_checkboxes_without_javascript(
    browser, live_server, call
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/en/send-inn/")
        expect(page.locator("[data-municipality-suggest]")).to_be_hidden()
        page.locator("summary", has_text="Oslo").click()
        page.get_by_label("Oslo", exact=True).check()
        page.get_by_role("button", name="Send pitch").click()
        page.wait_for_selector("#error-summary")
        # The form came back with errors elsewhere, and the municipality is still ticked.
        expect(page.get_by_label("Oslo", exact=True)).to_be_checked()
        assert "Choose at least one municipality." not in page.text_content("#error-summary")
    finally:
        context.close()


def test_a_long_municipality_name_chosen_on_a_phone_stays_within_the_screen(page, call):
    """Chips kept their names on one line, so the longest made the page scroll sideways."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/send-inn/")
    choose_municipality(
        page, "Dielddanuorri", "Dielddanuorri - Tjeldsund (Troms - Romsa - Tromssa)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    chip = page.locator("ds-suggestion data").bounding_box()
    assert chip["x"] + chip["width"] <= 390
