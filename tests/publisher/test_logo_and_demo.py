"""The logo is stored sanitised; seed_demo sets a fictional or the historical publisher."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

import publisher
from publisher.logo import sanitised_logo
from publisher.models import Publisher

HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 10 10" onload="alert(1)">
  <script>alert(2)</script>
  <foreignObject><iframe src="https://evil.example/"/></foreignObject>
  <image href="https://evil.example/track.png" width="1" height="1"/>
  <use xlink:href="https://evil.example/sprite.svg#x"/>
  <use href="#dot"/>
  <circle id="dot" cx="5" cy="5" r="4" fill="#123456" onclick="alert(3)"
          style="fill: url(https://evil.example/x)"/>
  <a href="javascript:alert(4)"><rect width="2" height="2"/></a>
</svg>"""


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_an_svg_keeps_its_drawing_and_loses_scripts_handlers_and_external_references():
    cleaned = sanitised_logo(upload("Logo.SVG", HOSTILE_SVG)).read().decode()
    assert 'viewBox="0 0 10 10"' in cleaned
    assert "<circle" in cleaned
    assert 'fill="#123456"' in cleaned
    assert 'href="#dot"' in cleaned
    for bad in ("script", "onload", "onclick", "foreignObject", "iframe", "evil.example",
                "javascript", "<image", "<a "):  # fmt: skip
        assert bad not in cleaned, bad


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        b"<html><script>alert(1)</script></html>",
        b"not xml at all",
        b"\x89PNG\r\n\x1a\nbroken",
    ],
)
def test_anything_else_is_refused_with_a_message(data):
    with pytest.raises(ValidationError):
        sanitised_logo(upload("logo.svg", data))


def test_a_png_is_re_encoded_to_pixels_only():
    out = io.BytesIO()
    image = Image.new("RGB", (4, 3), "red")
    image.save(out, format="PNG", pnginfo=_text_chunk())
    cleaned = sanitised_logo(upload("logo.png", out.getvalue()))
    data = cleaned.read()
    assert cleaned.name == "logo.png"
    assert b"<script>" not in data
    assert Image.open(io.BytesIO(data)).size == (4, 3)


def _text_chunk():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    return info


@pytest.mark.django_db
def test_seed_demo_sets_the_historical_or_a_fictional_publisher():
    call_command("seed_demo", "--publisher", "historical", verbosity=0)
    historical = Publisher.objects.get()
    assert historical.short_name == "KMD"
    assert [p.name for p in historical.partners.all()] == ["In Good Company"]
    call_command("seed_demo", verbosity=0)
    fictional = publisher.current()
    assert fictional.name == "Eksempeldirektoratet for samarbeid"
    assert [p.name for p in fictional.partners.all()] == ["Eksempelpartner AS"]


@pytest.mark.django_db
def test_a_logo_uploaded_in_the_admin_is_stored_clean_and_shown_in_the_footer(
    client, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    from tests.publisher.test_publisher import change_form_data

    admin = get_user_model().objects.create_superuser("sjef", "sjef@example.no", "pw-x-123456")
    client.force_login(admin)
    data = change_form_data(logo=upload("Vår logo.svg", HOSTILE_SVG))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/publisher/publisher/1/change/", data)
    assert response.status_code == 302
    client.logout()

    stored = Publisher.objects.get().logo
    assert b"script" not in stored.read()
    footer = client.get("/").content.decode()
    address = f"/utgiver/logo/{stored.name.rsplit('/', 1)[-1]}"
    assert f'src="{address}"' in footer
    logo = client.get(address)
    assert logo["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in logo["Content-Security-Policy"]
    assert b"<circle" in b"".join(logo.streaming_content)
    assert client.get("/utgiver/logo/other.svg").status_code == 404
