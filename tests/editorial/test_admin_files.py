"""Every path in is the same path: a photo or attachment an editor uploads in the admin goes
through the public form's checks, and a file that is replaced or removed leaves storage once
the change commits (on the submitter's photo page and in the admin alike)."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import ExifTags, Image

from submissions import services, stored_files
from submissions.models import Submission
from tests.editorial.test_workflow_admin import admin_form_data, change_url
from tests.factories import add_photo
from tests.pdf import ACTIVE_KINDS, active_pdf, plain_pdf
from tests.submissions.test_uploads import jpeg_with_metadata, upload, writeup_post, writeup_url

pytestmark = pytest.mark.django_db

STORED_PHOTO = re.compile(r"photos/[0-9a-f]{32}\.jpg")


def post_change(client, case, **files):
    data = admin_form_data(client, case)
    data.update(files)
    return client.post(change_url(case), data)


SERIAL = "SN-4711-0815"


def camera_jpeg() -> bytes:
    """A JPEG as a camera writes it: GPS position, maker, owner, and the camera's serial."""
    image = Image.open(io.BytesIO(jpeg_with_metadata()))
    exif = image.getexif()
    exif[ExifTags.Base.BodySerialNumber] = SERIAL
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def test_a_photo_uploaded_in_the_admin_loses_its_gps_position_and_camera_data(
    editor_client, submission
):
    original = camera_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert SERIAL.encode() in original
    response = post_change(
        editor_client,
        submission,
        photo=upload("IMG_0001.jpg", original),
        photo_alt="Kafeen om morgenen",
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert STORED_PHOTO.fullmatch(submission.photo.name)
    stored = submission.photo.open("rb").read()
    assert b"Kameramaker" not in stored
    assert b"Storgata" not in stored
    assert SERIAL.encode() not in stored
    image = Image.open(io.BytesIO(stored))
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info


@pytest.mark.parametrize("kind", ACTIVE_KINDS)
def test_a_pdf_with_active_content_is_refused_in_the_admin(editor_client, submission, kind):
    response = post_change(
        editor_client, submission, attachment=upload("r.pdf", active_pdf(kind), "application/pdf")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["attachment"]] == ["pdf_active_content"]
    submission.refresh_from_db()
    assert not submission.attachment


def test_a_plain_pdf_is_accepted_in_the_admin_and_replaces_the_old_one(
    editor_client, submission, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_change(
            editor_client, submission, attachment=upload("a.pdf", plain_pdf(), "application/pdf")
        )
    submission.refresh_from_db()
    first = submission.attachment.name
    assert default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(
            editor_client, submission, attachment=upload("b.pdf", plain_pdf(), "application/pdf")
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.attachment.name != first
    assert default_storage.exists(submission.attachment.name)
    assert not default_storage.exists(first)


def test_a_photo_cleared_in_the_admin_leaves_storage(
    editor_client, submission, django_capture_on_commit_callbacks
):
    case = add_photo(submission, alt="Bilde")
    name = case.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(editor_client, case, **{"photo-clear": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.photo
    assert not default_storage.exists(name)


def test_saving_the_admin_without_a_new_file_keeps_the_files(
    editor_client, submission, django_capture_on_commit_callbacks
):
    case = add_photo(submission, alt="Bilde")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_change(editor_client, case, title="Ny tittel").status_code == 302
    assert default_storage.exists(case.photo.name)


@pytest.fixture
def opened(client, submission):
    client.post(f"/send-inn/lenke/{services.issue_token(submission)}/")
    return client


def test_a_photo_replaced_on_the_photo_page_leaves_storage(
    opened, submission, django_capture_on_commit_callbacks
):
    case = add_photo(submission, alt="Bilde")
    old = case.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = opened.post(
            writeup_url(case), writeup_post(case, photo=upload("ny.jpg", jpeg_with_metadata()))
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.photo.name != old
    assert default_storage.exists(case.photo.name)
    assert not default_storage.exists(old)


def test_an_attachment_removed_on_the_photo_page_leaves_storage(
    opened, submission, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        opened.post(
            writeup_url(submission),
            writeup_post(submission, attachment=upload("r.pdf", plain_pdf(), "application/pdf")),
        )
    submission.refresh_from_db()
    name = submission.attachment.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        opened.post(writeup_url(submission), writeup_post(submission, action="remove_attachment"))
    assert not default_storage.exists(name)


def test_a_rolled_back_replacement_keeps_the_file(submission, django_capture_on_commit_callbacks):
    case = add_photo(submission, alt="Bilde")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        stored_files.delete_when_unused(stored_files.stored_names(case))
        Submission.objects.filter(pk=case.pk).update(photo="")
        transaction.set_rollback(True)
    assert default_storage.exists(case.photo.name)


def test_a_name_still_in_use_is_never_deleted(submission, django_capture_on_commit_callbacks):
    case = add_photo(submission, alt="Bilde")
    with django_capture_on_commit_callbacks(execute=True):
        stored_files.delete_when_unused({case.photo.name})
    assert default_storage.exists(case.photo.name)


def test_the_current_files_link_the_pages_that_serve_them_not_media(editor_client, submission):
    case = add_photo(submission, alt="Bilde")
    case.attachment.save("vedlegg.pdf", ContentFile(plain_pdf()), save=True)
    html = editor_client.get(change_url(case)).content.decode()
    assert 'href="/media/' not in html
    assert f'<a href="/admin/submissions/submission/{case.pk}/attachment/">' in html
    photo = case.photo.name.rsplit("/", 1)[-1]
    assert f'<a href="/eksempler/bilde/{case.public_id}/{photo}">{photo}</a>' in html
