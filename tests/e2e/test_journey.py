"""One journey through the whole mission, in a real browser, as the people involved do it."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from participation.models import Input
from submissions.models import Submission
from submissions.workflow import State
from tests.factories import EDITOR_PASSWORD, make_call, make_edition, make_theme
from tests.pdf import all_text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def link_in_last_mail_to(address: str, pattern: str) -> str:
    message = [m for m in mail.outbox if address in m.to][-1]
    return re.search(pattern, message.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def send_pitch(page, prefix=""):
    """The short pitch (stage 1): nine questions."""
    page.goto(f"{prefix}/send-inn/")
    page.fill("#id_title", "Sykkelverksted for nye i byen")
    page.fill("#id_summary", "Nyankomne reparerer sykler og lærer norsk på verkstedet.")
    page.click("#id_municipalities_search")
    page.keyboard.type("Oslo")
    page.get_by_role("option", name="Oslo (Oslo)").click()
    page.fill("#id_enterprise_name", "Hjulspor AS")
    page.fill("#id_org_number", "974 760 673")
    page.fill("#id_submitter_name", "Sara Gründer")
    page.fill("#id_submitter_email", "sara@hjulspor.example")
    page.check("#id_submitter_side_1")  # the social enterprise
    page.check("#id_accept")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/send-inn/takk/")


def add_contacts_and_consent(page, submission):
    """Stage 2's first two tasks: about the collaboration (its form), then the contact persons
    and the sender's own consent to publishing, each saved with "Save and continue"."""
    page.goto(f"/send-inn/bidrag/{submission.public_id}/")
    page.get_by_role("link", name="Om samarbeidet").click()
    page.select_option("#id_collaboration_form", "partnership")
    page.get_by_role("button", name="Lagre og fortsett").click()
    page.wait_for_url("**/send-inn/bidrag/*/kontaktpersoner/")
    for prefix, name, email in (
        ("municipality_contact", "Ola Kommune", "ola@oslo.example"),
        ("enterprise_contact", "Sara Gründer", "sara@hjulspor.example"),
    ):
        page.fill(f"#id_{prefix}-name", name)
        page.fill(f"#id_{prefix}-role", "Leder")
        page.fill(f"#id_{prefix}-email", email)
    page.check("#id_consent-web")
    page.check("#id_consent-book")
    page.check("#id_consent-contact")
    page.get_by_role("button", name="Lagre og fortsett").click()
    page.wait_for_url("**/send-inn/bidrag/*/tekst/")


def open_secret_link(page, address):
    page.goto(path_of(link_in_last_mail_to(address, r"http://\S+/send-inn/lenke/[\w-]+/")))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/send-inn/bidrag/*/")


def write_and_submit(page, submission):
    """The guiding questions over two visits ("Save and continue"), then check and send."""
    page.goto(f"/send-inn/bidrag/{submission.public_id}/tekst/")
    questions = list(submission.call.questions.all())
    page.fill(f"#id_answer_{questions[0].pk}", "Mange nyankomne sto uten arbeid og nettverk.")
    page.get_by_role("button", name="Lagre og fortsett").click()
    page.wait_for_url("**/send-inn/bidrag/*/bilde/")
    page.goto(f"/send-inn/bidrag/{submission.public_id}/tekst/")
    assert page.input_value(f"#id_answer_{questions[0].pk}").startswith("Mange nyankomne")
    for question in questions[1:]:
        page.fill(f"#id_answer_{question.pk}", f"Svar på spørsmål {question.position}.")
    page.get_by_role("button", name="Lagre og fortsett").click()
    page.wait_for_url("**/send-inn/bidrag/*/bilde/")
    send_the_text(page, submission)


def send_the_text(page, submission):
    page.goto(f"/send-inn/bidrag/{submission.public_id}/se-over/")
    page.check("#id_agreement-accept")
    page.locator("#send ~ form button[type=submit]").click()
    page.wait_for_url("**/send-inn/bidrag/*/se-over/")


def editor_moves(page, submission, target, comment=""):
    page.goto(f"/admin/submissions/submission/{submission.pk}/change/")
    if comment:
        page.fill("#id_transition_comment", comment)
    page.locator(f"button[name=target][value={target}]").click()
    page.wait_for_url(f"**/admin/submissions/submission/{submission.pk}/change/")


def test_from_pitch_to_published_case_read_by_a_reader(browser, live_server, editor):
    now = timezone.now()
    make_call(
        pitch_deadline=now + dt.timedelta(days=5), writeup_deadline=now + dt.timedelta(days=9)
    )
    theme = make_theme(slug="integrering", name="Integrering")
    make_edition()
    submitter = browser.new_context(base_url=live_server.url).new_page()
    editor_page = browser.new_context(base_url=live_server.url).new_page()
    reader = browser.new_context(base_url=live_server.url).new_page()
    contact = browser.new_context(base_url=live_server.url).new_page()

    # A social entrepreneur sends a pitch, then writes the full text through the secret link.
    send_pitch(submitter)
    submission = Submission.objects.get()
    open_secret_link(submitter, "sara@hjulspor.example")
    add_contacts_and_consent(submitter, submission)
    write_and_submit(submitter, submission)

    # The municipality's contact person confirms and consents through their own link.
    contact.goto(path_of(link_in_last_mail_to("ola@oslo.example", r"http://\S+/samtykke/[\w-]+/")))
    contact.check("#id_participates_0")
    contact.check("#id_web")
    contact.locator("main form button[type=submit]").click()
    contact.wait_for_selector(".ds-alert[data-color=success]")

    # An editor tags the case and asks for a change.
    editor_page.goto("/admin/login/")
    editor_page.fill("#id_username", "redaktor")
    editor_page.fill("#id_password", EDITOR_PASSWORD)
    editor_page.locator("input[type=submit]").click()
    editor_page.goto(f"/admin/submissions/submission/{submission.pk}/change/")
    editor_page.select_option("#id_main_theme", str(theme.pk))
    editor_page.locator("input[name=_continue]").click()
    editor_page.wait_for_selector(".messagelist .success")
    editor_moves(editor_page, submission, State.IN_REVIEW)
    editor_moves(editor_page, submission, State.CHANGES_REQUESTED, "Skriv litt om økonomien.")

    # The submitter corrects it through the link in the editors' e-mail.
    assert "Skriv litt om økonomien." in [m for m in mail.outbox if "sara" in m.to[0]][-1].body
    open_secret_link(submitter, "sara@hjulspor.example")
    last = submission.call.questions.last()
    submitter.goto(f"/send-inn/bidrag/{submission.public_id}/tekst/")
    submitter.fill(f"#id_answer_{last.pk}", "Verkstedet går i balanse etter to år.")
    submitter.get_by_role("button", name="Lagre og fortsett").click()
    submitter.wait_for_url("**/send-inn/bidrag/*/bilde/")
    send_the_text(submitter, submission)
    submission.refresh_from_db()
    assert submission.state == State.IN_REVIEW

    # The editor approves and publishes.
    editor_moves(editor_page, submission, State.APPROVED)
    editor_moves(editor_page, submission, State.PUBLISHED)
    submission.refresh_from_db()
    assert submission.state == State.PUBLISHED

    # A reader finds it by search and by theme, reads it with the contact box, leaves input.
    reader.goto("/eksempler/?q=sykkelverksted")
    reader.get_by_role("link", name="Sykkelverksted for nye i byen").first.click()
    reader.wait_for_url(f"**/eksempler/{submission.slug}/")
    reader.goto(f"/tema/{theme.slug}/")
    reader.get_by_role("link", name="Sykkelverksted for nye i byen").first.click()
    page_text = reader.text_content("main")
    assert "Verkstedet går i balanse etter to år." in page_text
    assert "ola@oslo.example" in page_text
    assert "sara@hjulspor.example" in page_text
    reader.goto(f"/eksempler/{submission.slug}/innspill/")
    reader.fill("#id_name", "Per Leser")
    reader.fill("#id_email", "per@example.no")
    reader.fill("#id_text", "Dette vil vi prøve i vår kommune!")
    reader.check("#id_publish_consent")
    reader.locator("main form button[type=submit]").click()
    reader.wait_for_selector(".ds-alert[data-color=success]")

    # The editor approves the input, and it shows under the case.
    item = Input.objects.get()
    editor_page.goto("/admin/participation/input/")
    editor_page.check(f"input[name=_selected_action][value='{item.pk}']")
    editor_page.select_option("select[name=action]", "approve")
    editor_page.locator("button[name=index]").click()
    editor_page.wait_for_selector(".messagelist .success")
    reader.goto(f"/eksempler/{submission.slug}/innspill/")
    assert "Dette vil vi prøve i vår kommune!" in reader.text_content("main")

    # The reader downloads the book, and the case is in it.
    response = reader.request.get("/kokebok.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "Sykkelverksted for nye i byen" in all_text(response.body())
