"""The secret link: unguessable, hashed, revocable, and harmless to open with GET."""

import re

import pytest
from django.core import mail

from submissions import links
from submissions.models import AccessToken, Submission
from submissions.tokens import hash_token
from tests.factories import make_submission, pitch_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(call, clock):
    return make_submission(call)


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


def test_asking_for_a_new_link_revokes_the_old_ones(
    client, submission, django_capture_on_commit_callbacks
):
    old = links.issue_token(submission)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/send-inn/ny-lenke/", {"email": "SUB@example.no ", "homepage": ""})
    assert response.status_code == 200
    assert client.post(f"/send-inn/lenke/{old}/").status_code == 404
    new_link_mail = mail.outbox[-1]
    assert new_link_mail.to == ["sub@example.no"]
    new = new_link_mail.body.split("/send-inn/lenke/")[1].split("/")[0]
    assert client.post(f"/send-inn/lenke/{new}/").status_code == 302


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_new_link_page_does_not_reveal_whether_the_address_is_known(client, submission):
    known = client.post("/en/send-inn/ny-lenke/", {"email": "sub@example.no", "homepage": ""})
    unknown = client.post("/en/send-inn/ny-lenke/", {"email": "nobody@example.no", "homepage": ""})
    assert known.status_code == unknown.status_code == 200
    assert without_csrf_token(known) == without_csrf_token(unknown)
    assert "If we have a submission from that address" in known.content.decode()


def test_new_link_with_a_bad_address_keeps_it_and_says_why(client, submission):
    response = client.post("/en/send-inn/ny-lenke/", {"email": "not an address", "homepage": ""})
    html = response.content.decode()
    assert 'value="not an address"' in html
    assert "Enter a valid email address." in html


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
