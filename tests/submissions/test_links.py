"""The secret link: unguessable, hashed, revocable, and harmless to open with GET."""

import re

import pytest
from django.core import mail
from django.test import Client

from submissions import links
from submissions.models import AccessToken, Consent, Submission
from submissions.tokens import hash_token
from tests.factories import make_submission, pitch_post_data

pytestmark = pytest.mark.django_db


def overview_url(submission):
    return f"/send-inn/bidrag/{submission.public_id}/"


def test_token_has_256_bits_and_only_its_hash_is_stored(submission):
    raw = links.issue_token(submission)
    assert len(raw) == 43  # 32 random bytes, URL-safe base64 without padding
    stored = AccessToken.objects.filter(submission=submission).values_list("token_hash", flat=True)
    assert hash_token(raw) in stored
    assert raw not in stored


def test_opening_the_link_with_get_changes_nothing(client, submission):
    raw = links.issue_token(submission)
    response = client.get(f"/send-inn/lenke/{raw}/")
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert client.get(overview_url(submission)).status_code == 404


def test_posting_the_link_opens_the_submission_at_an_address_without_the_token(client, submission):
    raw = links.issue_token(submission)
    response = client.post(f"/send-inn/lenke/{raw}/")
    assert response.status_code == 302
    assert response["Location"] == overview_url(submission)
    assert raw not in response["Location"]
    page = client.get(overview_url(submission))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert submission.title in page.content.decode()


def test_another_browser_cannot_open_the_submission_without_the_link(client, submission):
    assert client.get(overview_url(submission)).status_code == 404
    assert client.get(overview_url(submission) + "tekst/").status_code == 404
    assert client.get(overview_url(submission) + "pitch/").status_code == 404


def test_an_unknown_token_is_a_404_page_offering_a_new_link(client, submission):
    response = client.post("/en/send-inn/lenke/not-a-real-token/")
    assert response.status_code == 404
    assert "/en/send-inn/ny-lenke/" in response.content.decode()


def test_asking_for_a_new_link_sends_one_and_the_old_ones_keep_working(
    client, submission, django_capture_on_commit_callbacks
):
    old = links.issue_token(submission)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/send-inn/ny-lenke/", {"email": "SUB@example.no ", "homepage": ""})
    assert response.status_code == 200
    new_link_mail = mail.outbox[-1]
    assert new_link_mail.to == ["sub@example.no"]
    assert "virker fortsatt" in new_link_mail.body  # the old links still work
    new = new_link_mail.body.split("/send-inn/lenke/")[1].split("/")[0]
    assert Client().post(f"/send-inn/lenke/{old}/").status_code == 302
    assert Client().post(f"/send-inn/lenke/{new}/").status_code == 302


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_new_link_page_does_not_reveal_whether_the_address_is_known(client, submission):
    known = client.post("/en/send-inn/ny-lenke/", {"email": "sub@example.no", "homepage": ""})
    unknown = client.post("/en/send-inn/ny-lenke/", {"email": "nobody@example.no", "homepage": ""})
    assert known.status_code == unknown.status_code == 200
    assert without_csrf_token(known) == without_csrf_token(unknown)
    assert (
        "If we have a submission or a request for consent for that address"
        in known.content.decode()
    )


def test_new_link_with_a_bad_address_keeps_it_and_says_why(client, submission):
    response = client.post("/en/send-inn/ny-lenke/", {"email": "not an address", "homepage": ""})
    html = response.content.decode()
    assert 'value="not an address"' in html
    assert "Write the e-mail address you sent the pitch from, in the form name@example.no." in html


def test_revoked_links_stop_working(client, submission):
    raw = links.issue_token(submission)
    assert links.revoke_tokens(submission) == 2  # the confirmation e-mail's link and this one
    assert client.post(f"/send-inn/lenke/{raw}/").status_code == 404


def test_the_pitch_author_can_continue_in_the_same_browser(client, call, clock):
    client.post("/send-inn/", pitch_post_data())
    page = client.get("/send-inn/takk/")
    submission = Submission.objects.get()
    assert overview_url(submission) in page.content.decode()
    assert client.get(overview_url(submission)).status_code == 200


# --- Revoking links ends the sessions they opened ---

SUBMITTER_PAGES = ("", "pitch/", "tekst/", "endringer/")


def open_in_new_browser(submission) -> Client:
    browser = Client()
    browser.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    assert browser.get(overview_url(submission)).status_code == 200
    return browser


def assert_shut_out(browser, submission):
    for page in SUBMITTER_PAGES:
        assert browser.get(overview_url(submission) + page).status_code == 404, page
    consent = browser.post(overview_url(submission) + "samtykke/", {"consent-web": "on"})
    assert consent.status_code == 404
    assert not Consent.objects.filter(source=Consent.Source.SUBMISSION_LINK).exists()


def test_a_stranger_asking_for_a_new_link_ends_no_session(
    submission, django_capture_on_commit_callbacks
):
    browser = open_in_new_browser(submission)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/send-inn/ny-lenke/", {"email": "sub@example.no", "homepage": ""})
    assert mail.outbox[-1].to == ["sub@example.no"]
    for page in SUBMITTER_PAGES:
        assert browser.get(overview_url(submission) + page).status_code in (200, 302), page


def new_link_from(message) -> str:
    return message.body.split("/send-inn/lenke/")[1].split("/")[0]


def test_signing_out_on_all_devices_ends_every_session_and_mails_a_fresh_link(
    submission, django_capture_on_commit_callbacks
):
    other_device = open_in_new_browser(submission)
    this_device = open_in_new_browser(submission)
    page = this_device.get("/en" + overview_url(submission)).content.decode()
    assert "Sign out on all devices" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = this_device.post(overview_url(submission) + "logg-ut-overalt/")
    assert response.status_code == 200
    assert "Du er logget ut på alle enheter" in response.content.decode()
    assert_shut_out(other_device, submission)
    assert_shut_out(this_device, submission)
    message = mail.outbox[-1]
    assert message.to == ["sub@example.no"]
    assert "Bare denne virker nå" in message.body  # the submission's language: Bokmål
    this_device.post(f"/send-inn/lenke/{new_link_from(message)}/")
    assert this_device.get(overview_url(submission)).status_code == 200
    assert other_device.get(overview_url(submission)).status_code == 404


def test_signing_out_on_all_devices_needs_the_session(submission):
    response = Client().post(overview_url(submission) + "logg-ut-overalt/")
    assert response.status_code == 404
    assert AccessToken.objects.filter(submission=submission, revoked_at__isnull=False).count() == 0
    assert Client().get(overview_url(submission) + "logg-ut-overalt/").status_code == 405


def test_the_editors_signing_a_case_out_on_all_devices_ends_open_sessions(
    submission, editor, editor_client, django_capture_on_commit_callbacks
):
    browser = open_in_new_browser(submission)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            "/admin/submissions/submission/",
            {"action": "revoke_links", "_selected_action": [submission.pk]},
        )
    assert response.status_code == 302
    assert_shut_out(browser, submission)
    message = mail.outbox[-1]
    assert message.to == ["sub@example.no"]
    browser.post(f"/send-inn/lenke/{new_link_from(message)}/")
    assert browser.get(overview_url(submission)).status_code == 200
    note = submission.notes.get()
    assert note.author == editor
    assert "2" in note.text  # the confirmation's link and the browser's


def test_revoking_the_links_ends_the_session_of_the_browser_that_sent_the_pitch(
    client, call, clock
):
    client.post("/send-inn/", pitch_post_data())
    submission = Submission.objects.get()
    assert client.get(overview_url(submission)).status_code == 200
    links.revoke_tokens(submission)
    assert_shut_out(client, submission)


def test_revoking_one_submissions_links_leaves_the_sessions_of_another(client, call, clock):
    mine = make_submission(call)
    other = make_submission(call, submitter_email="other@example.no")
    for case in (mine, other):
        client.post(f"/send-inn/lenke/{links.issue_token(case)}/")
    links.revoke_tokens(mine)
    assert client.get(overview_url(mine)).status_code == 404
    assert client.get(overview_url(other)).status_code == 200


# --- The lost-link form serves contact persons too ---


def consent_token(message) -> str:
    return re.search(r"/samtykke/([\w-]+)/", message.body).group(1)


def test_a_contact_person_who_lost_their_consent_link_gets_a_new_one_and_keeps_the_old(
    client, call, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_submission(call)
    old = consent_token(next(m for m in mail.outbox if m.to == ["municipality@example.no"]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(
            "/en/send-inn/ny-lenke/", {"email": " Municipality@example.no", "homepage": ""}
        )
    unknown = client.post("/en/send-inn/ny-lenke/", {"email": "nobody@example.no", "homepage": ""})
    assert without_csrf_token(known) == without_csrf_token(unknown)
    assert [m.to for m in mail.outbox] == [["municipality@example.no"]]
    assert client.get(f"/samtykke/{old}/").status_code == 200  # the old link still works
    assert "virker fortsatt" in mail.outbox[0].body  # and the e-mail says so, in Bokmål
    page = client.get(f"/samtykke/{consent_token(mail.outbox[0])}/")
    assert page.status_code == 200
    assert "Municipality Kontakt" in page.content.decode()
