"""The photo and attachments page: a photo kept through a validation error, what a photo and an
attachment need, the remove buttons, and the download on the public page."""

import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client

from submissions import links, pending_uploads
from submissions.models import Submission
from tests.factories import make_case
from tests.submissions.test_uploads import MINIMAL_PDF, jpeg, upload

pytestmark = pytest.mark.django_db

KEPT_REF = re.compile(r'name="photo_ref" value="([0-9a-f]{32}\.jpg)"')


def open_link(client, submission):
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    return client


@pytest.fixture
def opened(client, submission):
    return open_link(client, submission)


def media_url(submission):
    return f"/en/send-inn/bidrag/{submission.public_id}/bilde/"


def media_post(submission, **extra):
    data = {
        "version": str(Submission.objects.get(pk=submission.pk).version),
        "photo_alt": "To personer ved kafédisken",
        "photo_credit": "Ola Fotograf",
        "photo_permission": "on",
        "attachment_kind": "",
    }
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def test_the_photo_survives_an_error_elsewhere_and_is_saved_with_the_next_post(opened, submission):
    response = opened.post(
        media_url(submission),
        media_post(submission, photo=upload("a.jpg", jpeg()), photo_credit=""),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Write the name of the person who took the photo." in page
    ref = KEPT_REF.search(page).group(1)
    assert f"/bilde/{ref}" in page  # the preview
    assert opened.get(f"/send-inn/bidrag/{submission.public_id}/bilde/{ref}").status_code == 200
    submission.refresh_from_db()
    assert not submission.photo

    response = opened.post(media_url(submission), media_post(submission, photo_ref=ref))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.photo
    assert submission.photo_credit == "Ola Fotograf"
    assert submission.photo_permission is True
    assert submission.photo_permission_at is not None
    assert not default_storage.listdir("pending")[1]


def test_a_kept_photo_is_only_usable_by_the_session_that_chose_it(opened, submission):
    page = opened.post(
        media_url(submission), media_post(submission, photo=upload("a.jpg", jpeg()), photo_alt="")
    ).content.decode()
    ref = KEPT_REF.search(page).group(1)
    stranger = open_link(Client(), submission)
    assert stranger.get(f"/send-inn/bidrag/{submission.public_id}/bilde/{ref}").status_code == 404
    response = stranger.post(media_url(submission), media_post(submission, photo_ref=ref))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert not submission.photo


def test_a_photo_needs_description_credit_and_permission_each_with_its_message(opened, submission):
    data = media_post(
        submission,
        photo=upload("a.jpg", jpeg()),
        photo_alt="",
        photo_credit="",
        photo_permission=None,
    )
    page = opened.post(media_url(submission), data).content.decode()
    assert "<title>Error:" in page
    assert "Describe the photo for people who cannot see it." in page
    assert "Write the name of the person who took the photo." in page
    assert "Confirm that you may publish the photo and that the people in it agree." in page


def test_nothing_is_required_without_a_photo_or_attachment(opened, submission):
    data = media_post(submission, photo_alt="", photo_credit="", photo_permission=None)
    assert opened.post(media_url(submission), data).status_code == 302


def test_an_attachment_needs_its_kind_and_may_be_made_public(opened, submission):
    pdf = upload("avtale.pdf", MINIMAL_PDF, "application/pdf")
    page = opened.post(media_url(submission), media_post(submission, attachment=pdf)).content
    assert "Choose what kind of document the attachment is." in page.decode()
    pdf = upload("avtale.pdf", MINIMAL_PDF, "application/pdf")
    data = media_post(
        submission, attachment=pdf, attachment_kind="agreement", attachment_public="on"
    )
    assert opened.post(media_url(submission), data).status_code == 302
    submission.refresh_from_db()
    assert submission.attachment_kind == "agreement"
    assert submission.attachment_public is True


def test_remove_buttons_show_only_when_there_is_something_to_remove(opened, submission):
    page = opened.get(media_url(submission)).content.decode()
    assert 'value="remove_photo"' not in page
    assert 'value="remove_attachment"' not in page
    pdf = upload("r.pdf", MINIMAL_PDF, "application/pdf")
    opened.post(
        media_url(submission), media_post(submission, attachment=pdf, attachment_kind="report")
    )
    page = opened.get(media_url(submission)).content.decode()
    assert 'value="remove_photo"' not in page
    assert 'value="remove_attachment"' in page


def test_removing_the_photo_removes_its_credit_and_permission(opened, submission):
    opened.post(media_url(submission), media_post(submission, photo=upload("a.jpg", jpeg())))
    opened.post(media_url(submission), media_post(submission, action="remove_photo"))
    submission.refresh_from_db()
    assert not submission.photo
    assert submission.photo_credit == ""
    assert submission.photo_permission is False


# --- The download on the public page ---


def with_attachment(case, *, public: bool):
    case.attachment.save("a.pdf", io.BytesIO(MINIMAL_PDF), save=False)
    case.attachment_kind = "report"
    case.attachment_public = public
    case.save()
    cache.clear()  # written here without the editors' service, which would announce it
    return case


def test_readers_download_a_published_attachment_the_sender_allowed(client, call, clock):
    case = with_attachment(make_case(call), public=True)
    page = client.get(f"/en/eksempler/{case.slug}/").content.decode()
    download = f"/en/eksempler/vedlegg/{case.public_id}/"
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_no_download_when_the_sender_did_not_allow_it(client, call, clock):
    case = with_attachment(make_case(call), public=False)
    assert "/eksempler/vedlegg/" not in client.get(f"/en/eksempler/{case.slug}/").content.decode()
    assert client.get(f"/en/eksempler/vedlegg/{case.public_id}/").status_code == 404


def test_no_download_of_an_unpublished_case(client, submission):
    with_attachment(submission, public=True)
    assert client.get(f"/en/eksempler/vedlegg/{submission.public_id}/").status_code == 404


def test_the_history_keeps_the_photo_credit_and_the_attachments_choices(opened, submission):
    pdf = upload("r.pdf", MINIMAL_PDF, "application/pdf")
    data = media_post(
        submission,
        photo=upload("a.jpg", jpeg()),
        attachment=pdf,
        attachment_kind="agreement",
        attachment_public="on",
    )
    assert opened.post(media_url(submission), data).status_code == 302
    newest = Submission.history.filter(id=submission.pk).order_by("-history_id").first()
    assert newest.photo_credit == "Ola Fotograf"
    assert newest.photo_permission is True
    assert (newest.attachment_kind, newest.attachment_public) == ("agreement", True)


def test_kept_photos_left_for_a_day_are_removed(opened, submission, clock):
    page = opened.post(
        media_url(submission), media_post(submission, photo=upload("a.jpg", jpeg()), photo_alt="")
    ).content.decode()
    old = KEPT_REF.search(page).group(1)
    kept_at = default_storage.get_modified_time(f"pending/{old}")
    pending_uploads.remove_stale(now=kept_at + dt.timedelta(hours=23))
    assert default_storage.exists(f"pending/{old}")
    pending_uploads.remove_stale(now=kept_at + dt.timedelta(days=2))
    assert not default_storage.exists(f"pending/{old}")


def test_removing_counts_as_an_edit_and_stops_at_the_limit(opened, submission, settings):
    opened.post(media_url(submission), media_post(submission, photo=upload("a.jpg", jpeg())))
    settings.RATE_LIMITS_PER_CASE = {**settings.RATE_LIMITS_PER_CASE, "edit": 1}
    opened.post(media_url(submission), media_post(submission))  # an edit: the one allowed
    response = opened.post(
        media_url(submission), media_post(submission, action="remove_photo"), follow=True
    )
    submission.refresh_from_db()
    assert submission.photo
    assert "Too many saves in the last hour" in response.content.decode()
