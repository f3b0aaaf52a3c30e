"""E-mail is never a megaphone: every public path that sends e-mail is limited per client and
per case, and every e-mail to an address someone typed also counts toward the "mail" limits
per client and per address, over all those paths at once."""

import pytest
from django.core import mail
from django.test import Client

from participation.models import Input
from submissions import links
from submissions.models import Person, Submission
from submissions.workflow import State
from tests.common.test_limits import set_limits
from tests.factories import make_submission, pitch_post_data
from tests.participation.test_input import input_data
from tests.submissions.test_tasks import contacts_post
from tests.submissions.test_writeup import AGREED, answers_post, version

pytestmark = pytest.mark.django_db

VICTIM = "offer@example.no"


@pytest.fixture
def mail_per_address(settings):
    """Two e-mails an hour to one address; clients are not what stops them here."""
    set_limits(settings, "mail", per_client=100, per_case=2)


def browser(number: int) -> Client:
    """A browser on a network of its own."""
    return Client(REMOTE_ADDR=f"198.51.100.{number}")


def opened(submission, number: int) -> Client:
    client = browser(number)
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    return client


def sent_to(address):
    return [m for m in mail.outbox if [a.lower() for a in m.to] == [address]]


def test_receipts_to_one_address_stop_at_the_limit_across_forms_and_networks(
    call, mail_per_address, django_capture_on_commit_callbacks
):
    tool = {"title": "Verktøy", "link": "https://example.no/v", "description": "Nyttig."}
    tool.update(audience="both", homepage="")
    with django_capture_on_commit_callbacks(execute=True):
        browser(1).post("/innspill/", input_data(email=VICTIM))
        browser(2).post("/verktoy/foresla/", {**tool, "suggested_by_email": VICTIM.upper()})
        third = browser(3).post("/en/innspill/", input_data(email=VICTIM, text="Tredje gang"))
    assert third.status_code == 429
    html = third.content.decode()
    assert "We have sent too many e-mails to this address" in html
    assert "Tredje gang" in html  # what was typed is kept
    assert len(sent_to(VICTIM)) == 2
    assert not Input.objects.filter(text="Tredje gang").exists()


def test_invitations_to_one_address_from_many_cases_stop_at_the_limit(
    call, clock, mail_per_address, django_capture_on_commit_callbacks
):
    cases = [make_submission(call, submitter_email=f"s{n}@example.no") for n in range(3)]
    mail.outbox.clear()
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for number, case in enumerate(cases):
            data = contacts_post(case, **{"municipality_contact-email": VICTIM})
            data["enterprise_contact-email"] = case.submitter_email
            page = f"/send-inn/bidrag/{case.public_id}/kontaktpersoner/"
            statuses.append(opened(case, number).post(page, data).status_code)
    assert statuses == [302, 302, 429]
    assert len(sent_to(VICTIM)) == 2
    assert not Person.objects.filter(submission=cases[2], email=VICTIM).exists()


def test_a_resent_invitation_counts_toward_the_contacts_address(
    submission, settings, django_capture_on_commit_callbacks
):
    set_limits(settings, "mail", per_client=100, per_case=1)
    contact = submission.people.get(side=Person.Side.MUNICIPALITY)
    resend = (
        f"/en/send-inn/bidrag/{submission.public_id}/kontaktpersoner/{contact.pk}/inviter-igjen/"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        opened(submission, 1).post(resend)
        response = opened(submission, 2).post(resend, follow=True)
    assert len(sent_to(contact.email)) == 1
    assert "We have sent too many e-mails to this address" in response.content.decode()


def test_a_pitch_and_new_links_to_one_address_share_the_limit(
    call, clock, settings, django_capture_on_commit_callbacks
):
    set_limits(settings, "mail", per_client=100, per_case=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert browser(1).post("/send-inn/", pitch_post_data()).status_code == 302
        asked = browser(2).post("/send-inn/ny-lenke/", {"email": "kari@example.no"})
    assert asked.status_code == 429
    assert len(sent_to("kari@example.no")) == 1


def test_sending_the_text_is_limited_per_case(
    submission, settings, django_capture_on_commit_callbacks
):
    set_limits(settings, "send_text", per_client=100, per_case=1)
    first = opened(submission, 1)
    first.post(f"/send-inn/bidrag/{submission.public_id}/tekst/", answers_post(submission))
    send = f"/en/send-inn/bidrag/{submission.public_id}/se-over/"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert first.post(send, {"version": version(submission), **AGREED}).status_code == 302
        again = opened(submission, 2).post(send, {"version": version(submission), **AGREED})
    assert again.status_code == 429
    assert "The text has been sent too many times" in again.content.decode()
    assert len(sent_to("sub@example.no")) == 1
    assert Submission.objects.get().state == State.WRITEUP_SUBMITTED
