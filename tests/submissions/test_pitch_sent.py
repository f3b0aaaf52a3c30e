"""The confirmation after a pitch, on the page and in the e-mail: where the link went, both
deadlines in Norwegian time, what stage 2 asks for, and how to get a new link."""

import pytest
from django.core import mail

from tests.factories import pitch_post_data

pytestmark = pytest.mark.django_db

PITCH_URL = "/send-inn/"
SENT_URL = "/send-inn/takk/"


@pytest.fixture
def sent(client, call, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en" + PITCH_URL, pitch_post_data(submitter_email="kari@example.no"))
    return client


def test_the_page_says_where_the_link_went_and_both_deadlines_in_oslo_time(sent):
    page = sent.get("/en" + SENT_URL).content.decode()
    assert "to <strong>kari@example.no</strong>" in page
    assert 'datetime="2026-09-15T23:59:00+02:00">Sept. 15, 2026, 11:59 p.m.</time>' in page
    assert 'datetime="2026-09-21T23:59:00+02:00">Sept. 21, 2026, 11:59 p.m.</time>' in page
    assert "Your pitch arrived in time" in page
    assert "By then, complete your submission through the link and send the text." in page
    assert "answers to the six guiding questions" in page
    assert "the contact persons in the municipality and in the social enterprise" in page
    assert 'href="/en/send-inn/ny-lenke/"' in page


def test_the_page_never_takes_the_address_from_the_url(client, call, clock):
    page = client.get(SENT_URL + "?email=evil@example.com&submitter_email=evil@example.com")
    html = page.content.decode().split('id="main-content"')[1]
    assert "evil@example.com" not in html
    assert "til adressen du oppga" in html or "to the address you gave" in html
    assert "<dt>" not in html  # no call's deadlines either: this browser sent no pitch


def test_another_browser_sees_no_address(sent, call):
    from django.test import Client

    assert "kari@example.no" not in Client().get(SENT_URL).content.decode()


def test_the_email_says_the_same_in_the_senders_language(sent):
    [confirmation] = mail.outbox
    body = confirmation.body
    assert "It arrived before the deadline for pitches, Sept. 15, 2026, 11:59 p.m." in body
    assert "The deadline for the write-up is Sept. 21, 2026, 11:59 p.m. (Norwegian time)." in body
    assert "answers to the six guiding questions, about one page in all" in body
    assert "http://127.0.0.1:8000/en/send-inn/ny-lenke/" in body
    assert "get their own e-mail to confirm" not in body  # nobody else was named


def test_the_email_in_norwegian(client, call, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PITCH_URL, pitch_post_data())
    body = mail.outbox[0].body
    assert "15. september 2026 23:59" in body
    assert "http://127.0.0.1:8000/send-inn/ny-lenke/" in body
    assert "svar på de seks veiledende spørsmålene" in body
