"""The access matrix: every editorial URL as anonymous, a plain user, a staff user outside the
editor groups, and an editor."""

import pytest
from django.contrib.auth import get_user_model

from submissions.workflow import State

pytestmark = pytest.mark.django_db


def editorial_urls(submission):
    base = f"/admin/submissions/submission/{submission.pk}"
    return [
        "/admin/",
        "/admin/submissions/submission/",
        f"{base}/change/",
        f"{base}/history/",
        f"{base}/attachment/",
        "/admin/submissions/person/",
        "/admin/editorial/erasure/",
        "/admin/submissions/call/",
        "/admin/submissions/theme/",
    ]


def editorial_posts(submission):
    base = f"/admin/submissions/submission/{submission.pk}"
    return [f"{base}/transition/", f"{base}/request-approval/"]


@pytest.mark.parametrize("who", ["anonymous", "plain user", "staff outside editor groups"])
def test_nobody_but_editors_gets_into_the_editorial_pages(client, submission, who):
    if who != "anonymous":
        user = get_user_model().objects.create_user(
            "x@example.no", password="pw", is_staff=who.startswith("staff")
        )
        client.force_login(user)
    for url in editorial_urls(submission):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    for url in editorial_posts(submission):
        response = client.post(url, {"target": State.IN_REVIEW})
        assert response.status_code == 302, url
    submission.refresh_from_db()
    assert submission.state == State.PITCH_RECEIVED


def test_editor_reaches_every_editorial_page(editor_client, submission):
    for url in editorial_urls(submission):
        expected = 404 if url.endswith("/attachment/") else 200  # no attachment uploaded
        assert editor_client.get(url).status_code == expected, url


def test_editorial_notes_never_reach_the_submitter_pages(client, editor_client, submission):
    from editorial.models import EditorialNote
    from submissions import links

    EditorialNote.objects.create(submission=submission, text="Intern: sjekk tallene")
    client.logout()
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    for path in ("", "tekst/", "pitch/"):
        html = client.get(f"/send-inn/bidrag/{submission.public_id}/{path}").content.decode()
        assert "sjekk tallene" not in html
