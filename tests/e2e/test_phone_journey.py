"""The whole submitter's journey on a phone-sized window and by keyboard alone: from the home
page to the pitch, the secret link, every task of the task list, check your answers and send,
and, once the editors publish the case, the e-mail that says so with its public address.

Every page on the way fits the 390-pixel window (no sideways scrolling), and every stop of the
Tab key inside the page shows a visible focus ring (tab_until checks it)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from submissions.models import Submission
from submissions.workflow import State, transition
from tests.e2e.test_forms import choose_municipality
from tests.e2e.test_keyboard import SUBMIT, send, tab_until, type_at
from tests.factories import make_call, make_editor, make_theme

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def choose_with_arrows(page, selector: str, value: str):
    """A select or a radio group, from the keyboard: arrow down until `value` is chosen."""
    tab_until(page, selector)
    for _ in range(12):
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} cannot be chosen in {selector} with the arrow keys")


def tick(page, selector: str):
    tab_until(page, selector)
    page.keyboard.press("Space")
    assert page.is_checked(selector)


def link_in_mail_to(address: str, pattern: str) -> str:
    message = [m for m in mail.outbox if address in m.to][-1]
    return re.search(pattern, message.body).group(0)


def send_the_pitch_from_the_home_page(page):
    page.goto("/")
    fits_the_phone(page)
    tab_until(page, "main a[href*='/send-inn/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    fits_the_phone(page)
    type_at(page, "#id_title", "Sykkelverksted for nye i byen")
    type_at(page, "#id_summary", "Nyankomne reparerer sykler og lærer norsk på verkstedet.")
    choose_municipality(page, "Osl", "Oslo (Oslo)")
    type_at(page, "#id_enterprise_name", "Hjulspor AS")
    type_at(page, "#id_submitter_name", "Sara Gründer")
    type_at(page, "#id_submitter_email", "sara@hjulspor.example")
    tab_until(page, "#id_submitter_side_0")
    page.keyboard.press("ArrowDown")  # the radios move with the arrows: the social enterprise
    assert page.is_checked("#id_submitter_side_1")
    tick(page, "#id_accept")
    send(page)
    assert page.url.endswith("/send-inn/takk/")
    fits_the_phone(page)
    assert "sara@hjulspor.example" in page.text_content("main")


def open_the_link(page):
    link = link_in_mail_to("sara@hjulspor.example", r"https?://\S+/send-inn/lenke/[\w-]+/")
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    send(page)
    fits_the_phone(page)


def open_task(page, href_end: str):
    tab_until(page, f"main a[href$='{href_end}']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    fits_the_phone(page)


def do_the_tasks(page, submission):
    open_task(page, "/pitch/")
    choose_with_arrows(page, "#id_collaboration_form", "partnership")
    send(page)  # save and continue: to the contact persons
    assert page.url.endswith("/kontaktpersoner/")
    fits_the_phone(page)
    type_at(page, "#id_municipality_contact-name", "Ola Kommune")
    type_at(page, "#id_municipality_contact-role", "Rådgiver")
    type_at(page, "#id_municipality_contact-email", "ola@oslo.example")
    type_at(page, "#id_enterprise_contact-role", "Daglig leder")
    for purpose in ("web", "book", "contact"):
        tick(page, f"#id_consent-{purpose}")
    send(page)
    assert page.url.endswith("/tekst/")
    fits_the_phone(page)
    for question in submission.call.questions.all():
        type_at(page, f"#id_answer_{question.pk}", f"Svar på spørsmål {question.position}.")
    send(page)
    assert page.url.endswith("/bilde/")  # photo and attachments are optional
    fits_the_phone(page)
    send(page)
    assert page.url.endswith("/se-over/")
    fits_the_phone(page)
    assert "Svar på spørsmål 1." in page.text_content("main")
    tick(page, "#id_agreement-accept")
    tab_until(page, f"#send ~ {SUBMIT.removeprefix('main ')}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    fits_the_phone(page)


def test_a_pitch_goes_from_the_home_page_to_the_published_email_on_a_phone_by_keyboard(phone):
    now = timezone.now()
    make_call(
        pitch_deadline=now + dt.timedelta(days=5), writeup_deadline=now + dt.timedelta(days=9)
    )
    theme = make_theme(slug="integrering", name="Integrering")

    send_the_pitch_from_the_home_page(phone)
    submission = Submission.objects.get()
    open_the_link(phone)
    do_the_tasks(phone, submission)
    submission.refresh_from_db()
    assert submission.state == State.WRITEUP_SUBMITTED

    # The editors review, tag and publish; the sender hears of it with the public address.
    editor = make_editor()
    Submission.objects.filter(pk=submission.pk).update(main_theme=theme)
    for target in (State.IN_REVIEW, State.APPROVED, State.PUBLISHED):
        transition(submission, target, by=editor)
    submission.refresh_from_db()
    published = [m for m in mail.outbox if m.to == ["sara@hjulspor.example"]][-1]
    assert f"/eksempler/{submission.slug}/" in published.body
    phone.goto(f"/eksempler/{submission.slug}/")
    fits_the_phone(phone)
    assert "Sykkelverksted for nye i byen" in phone.text_content("h1")
