"""The stored logo as the data: URL the book's cover prints (the book's renderer fetches
nothing from the media folder's publisher/): the sanitised file's own bytes and type, and
nothing at all when there is no logo or its file is gone."""

import base64

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from publisher.logo import logo_data_url, sanitised_logo
from publisher.models import Publisher

pytestmark = pytest.mark.django_db

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4" onload="x()">'
    b'<rect width="4" height="4"/></svg>'
)


def _decoded(url: str) -> bytes:
    return base64.b64decode(url.split(",", 1)[1])


def test_the_stored_svg_is_the_data_url(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owner = Publisher.objects.get()
    owner.logo = sanitised_logo(SimpleUploadedFile("Logo.svg", SVG, content_type="image/svg+xml"))
    owner.save()

    url = logo_data_url(owner)

    assert url.startswith("data:image/svg+xml;base64,")
    assert _decoded(url) == owner.logo.open("rb").read()
    assert b"onload" not in _decoded(url)


def test_no_logo_a_missing_file_or_another_type_is_no_url(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owner = Publisher.objects.get()
    assert logo_data_url(owner) == ""
    owner.logo.name = "publisher/gone.png"
    assert logo_data_url(owner) == ""
    owner.logo.save("notes.txt", ContentFile(b"hei"), save=False)
    assert logo_data_url(owner) == ""
