"""The photo and attachment page: uploads re-encoded or refused, never trusted as sent."""

import html
import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, PngImagePlugin

from submissions import services
from tests.pdf import ACTIVE_KINDS, active_pdf, plain_pdf

pytestmark = pytest.mark.django_db

NOT_A_PHOTO = "This file is not a photo we can read. Use a JPEG, PNG or WebP image."
TOO_MANY_PIXELS = "The photo has too many pixels."
NOT_A_PDF = "The attachment must be a PDF file."
ALT_MISSING = "Describe the photo for people who cannot see it."
STORED_PHOTO = re.compile(r"photos/[0-9a-f]{32}\.jpg")
STORED_PDF = re.compile(r"attachments/[0-9a-f]{32}\.pdf")
MINIMAL_PDF = plain_pdf()
PDF_ACTIVE = (
    "The PDF contains scripts, actions or embedded files, which we do not accept. Save it as a "
    "plain PDF (for example with \u201cPrint to PDF\u201d) and choose the new file."
)


@pytest.fixture
def opened(client, submission):
    """A browser session that has opened the submission's secret link."""
    client.post(f"/send-inn/lenke/{services.issue_token(submission)}/")
    return client


def writeup_url(submission):
    return f"/en/send-inn/bidrag/{submission.public_id}/bilde/"


def writeup_post(submission, **extra):
    data = {
        "photo_alt": "Kafeen en travel morgen",
        "photo_credit": "Ola Fotograf",
        "photo_permission": "on",
        "attachment_kind": "report",
    }
    data.update(extra)
    return data


def field_errors(page: str, name: str) -> list[str]:
    """The messages crispy-forms shows next to one field, in the field's own message element."""
    block = re.search(rf'id="id_{name}_error"[^>]*>(.*?)</div>', page, re.S)
    found = re.findall(r"<p>(.*?)</p>", block.group(1)) if block else []
    return [html.unescape(message) for message in found]


def encode(image: Image.Image, image_format: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **params)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg(size=(640, 480), **params) -> bytes:
    return encode(Image.new("RGB", size, (200, 60, 30)), "JPEG", **params)


def jpeg_with_metadata(size=(640, 480), orientation=None) -> bytes:
    """A camera-like JPEG: maker, owner, GPS position and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Kameramaker"
    exif[ExifTags.Base.Artist] = "Kari Nordmann"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (59.0, 54.0, 46.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (10.0, 45.0, 8.0),
    }
    return jpeg(size, exif=exif, comment=b"Hjemme hos Kari, Storgata 1")


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions in a few hundred bytes: 1-bit, all rows zero."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(bytes(1 + (width + 7) // 8) * 16, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", rows)
        + png_chunk(b"IEND", b"")
    )


def stored_image(submission) -> Image.Image:
    submission.refresh_from_db()
    with submission.photo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


# --- Photos that are kept ---


def test_photo_is_stored_as_a_new_jpeg_without_exif_gps_or_comment(opened, submission):
    original = jpeg_with_metadata()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    response = opened.post(
        writeup_url(submission), writeup_post(submission, photo=upload("IMG_1234.jpg", original))
    )
    assert response.status_code == 302
    image = stored_image(submission)
    assert STORED_PHOTO.fullmatch(submission.photo.name)
    assert image.format == "JPEG"
    assert image.size == (640, 480)
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert "comment" not in image.info
    stored_bytes = submission.photo.open("rb").read()
    assert b"Exif" not in stored_bytes
    assert b"Kari" not in stored_bytes
    assert stored_bytes != original
    assert submission.photo_alt == "Kafeen en travel morgen"


def test_photo_name_is_random_and_never_the_uploaded_name(opened, submission):
    names = set()
    for _ in range(2):
        opened.post(
            writeup_url(submission),
            writeup_post(submission, photo=upload("../../etc/passwd.jpg", jpeg())),
        )
        submission.refresh_from_db()
        names.add(submission.photo.name)
    assert len(names) == 2
    assert all(STORED_PHOTO.fullmatch(name) for name in names)


def test_bytes_hidden_after_the_image_are_not_kept(opened, submission):
    hidden = b"<script>alert(1)</script>" * 10
    opened.post(
        writeup_url(submission), writeup_post(submission, photo=upload("a.jpg", jpeg() + hidden))
    )
    submission.refresh_from_db()
    assert b"<script>" not in submission.photo.open("rb").read()


def test_exif_orientation_is_applied_before_the_metadata_is_dropped(opened, submission):
    rotated = jpeg_with_metadata(size=(600, 400), orientation=6)
    opened.post(writeup_url(submission), writeup_post(submission, photo=upload("a.jpg", rotated)))
    assert stored_image(submission).size == (400, 600)


@pytest.mark.parametrize(
    ("size", "stored_size"),
    [
        ((3000, 2000), (2400, 1600)),
        ((1800, 3600), (1200, 2400)),
        ((2400, 1000), (2400, 1000)),
        ((300, 200), (300, 200)),
    ],
)
def test_photo_larger_than_2400_px_is_downscaled_keeping_its_proportions(
    opened, submission, size, stored_size
):
    opened.post(
        writeup_url(submission), writeup_post(submission, photo=upload("a.jpg", jpeg(size)))
    )
    assert stored_image(submission).size == stored_size


def test_transparent_png_becomes_a_jpeg_on_white(opened, submission):
    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    image.paste((220, 0, 0, 255), (100, 50, 200, 150))
    response = opened.post(
        writeup_url(submission),
        writeup_post(submission, photo=upload("logo.png", encode(image, "PNG"), "image/png")),
    )
    assert response.status_code == 302
    stored = stored_image(submission)
    assert STORED_PHOTO.fullmatch(submission.photo.name)
    assert (stored.format, stored.mode, stored.size) == ("JPEG", "RGB", (300, 200))
    assert all(channel >= 250 for channel in stored.getpixel((10, 10)))
    red, green, blue = stored.getpixel((150, 100))
    assert red >= 200
    assert green <= 30
    assert blue <= 30


@pytest.mark.parametrize(
    ("name", "image", "image_format"),
    [
        ("photo.webp", Image.new("RGB", (120, 80), "navy"), "WEBP"),
        ("photo.gif", Image.new("P", (120, 80), 3), "GIF"),
        ("scan.png", Image.new("L", (120, 80), 128), "PNG"),
        ("print.jpg", Image.new("CMYK", (120, 80), (0, 255, 0, 0)), "JPEG"),
    ],
)
def test_other_readable_formats_and_modes_are_stored_as_jpeg(
    opened, submission, name, image, image_format
):
    response = opened.post(
        writeup_url(submission),
        writeup_post(submission, photo=upload(name, encode(image, image_format))),
    )
    assert response.status_code == 302
    stored = stored_image(submission)
    assert stored.format == "JPEG"
    assert stored.size == (120, 80)


@pytest.mark.parametrize("length", [100, 70_000])
def test_a_text_comment_in_a_png_is_not_carried_into_the_jpeg(opened, submission, length):
    # Pillow copies a "comment" it read into the JPEG it writes, and fails on one over 64 kB.
    text = PngImagePlugin.PngInfo()
    text.add_text("comment", "Hjemme hos Kari " * (length // 16))
    png = encode(Image.new("RGB", (40, 40), "teal"), "PNG", pnginfo=text)
    response = opened.post(
        writeup_url(submission), writeup_post(submission, photo=upload("a.png", png, "image/png"))
    )
    assert response.status_code == 302
    assert "comment" not in stored_image(submission).info


def test_the_photo_page_shows_the_saved_photo(opened, submission):
    opened.post(writeup_url(submission), writeup_post(submission, photo=upload("a.jpg", jpeg())))
    page = opened.get(writeup_url(submission)).content.decode()
    assert "The photo saved with the example." in page


# --- Photos that are refused ---


def truncated_jpeg() -> bytes:
    data = encode(Image.effect_noise((256, 256), 64).convert("RGB"), "JPEG")
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("notes.txt", b"Just some notes about the photo.\n", "text/plain"),
        ("photo.jpg", truncated_jpeg(), "image/jpeg"),
        ("photo.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "image/jpeg"),
        (
            "photo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "image/svg+xml",
        ),
        ("photo.jpg", b"", "image/jpeg"),
        ("photo.bmp", encode(Image.new("RGB", (20, 20)), "BMP"), "image/bmp"),
    ],
    ids=["text", "truncated-jpeg", "html-named-jpg", "svg", "empty", "bmp"],
)
def test_a_file_that_is_not_a_readable_photo_is_refused_and_the_answers_are_kept(
    opened, submission, name, content, content_type
):
    response = opened.post(
        writeup_url(submission), writeup_post(submission, photo=upload(name, content, content_type))
    )
    assert response.status_code == 200
    page = response.content.decode()
    # An empty file is refused by the FileField before our check runs, in our own words.
    expected = "The file is empty. Choose the photo again." if not content else NOT_A_PHOTO
    assert field_errors(page, "photo") == [expected]
    assert f'<a href="#id_photo">{expected}</a>' in page
    assert 'value="Kafeen en travel morgen"' in page
    submission.refresh_from_db()
    assert not submission.photo


@pytest.mark.parametrize(
    ("limit", "accepted"),
    [(20 * 1024, True), (20 * 1024 - 1, False), (10 * 1024, False)],
)
def test_photo_over_the_size_limit_is_refused_with_both_sizes(
    opened, submission, settings, limit, accepted
):
    settings.PHOTO_MAX_BYTES = limit
    photo = jpeg()
    photo += bytes(20 * 1024 - len(photo))  # padding after the image: still a readable JPEG
    response = opened.post(
        writeup_url(submission), writeup_post(submission, photo=upload("big.jpg", photo))
    )
    submission.refresh_from_db()
    assert bool(submission.photo) is accepted
    if not accepted:
        limit_text = {20 * 1024 - 1: "20.0\xa0KB", 10 * 1024: "10.0\xa0KB"}[limit]
        assert field_errors(response.content.decode(), "photo") == [
            f"The file is too large (20.0\xa0KB). The limit is {limit_text}."
        ]


@pytest.mark.parametrize(
    ("width", "height"),
    [(7000, 7000), (10_000, 10_000), (50_000, 50_000), (1, 2**31 - 1)],
)
def test_a_decompression_bomb_is_refused_without_being_decoded(opened, submission, width, height):
    bomb = png_bomb(width, height)
    assert len(bomb) < 300
    response = opened.post(
        writeup_url(submission), writeup_post(submission, photo=upload("a.png", bomb, "image/png"))
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "photo") == [TOO_MANY_PIXELS]
    submission.refresh_from_db()
    assert not submission.photo


@pytest.mark.parametrize("alt", ["", "   "])
def test_photo_without_alt_text_is_refused_with_the_error_on_the_alt_field(opened, submission, alt):
    response = opened.post(
        writeup_url(submission),
        writeup_post(submission, photo=upload("a.jpg", jpeg()), photo_alt=alt),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert field_errors(page, "photo_alt") == [ALT_MISSING]
    assert field_errors(page, "photo") == []
    submission.refresh_from_db()
    assert not submission.photo


def test_alt_text_is_not_required_without_a_photo(opened, submission):
    response = opened.post(writeup_url(submission), writeup_post(submission, photo_alt=""))
    assert response.status_code == 302


def test_remove_the_photo_clears_it_and_its_alt_text_is_no_longer_required(opened, submission):
    opened.post(writeup_url(submission), writeup_post(submission, photo=upload("a.jpg", jpeg())))
    submission.refresh_from_db()
    assert submission.photo
    response = opened.post(
        writeup_url(submission), writeup_post(submission, action="remove_photo", photo_alt="")
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.photo.name == ""
    page = opened.get(writeup_url(submission)).content.decode()
    assert "The photo saved with the example." not in page
    assert 'value="remove_photo"' not in page


def test_a_kept_photo_still_needs_its_alt_text(opened, submission):
    opened.post(writeup_url(submission), writeup_post(submission, photo=upload("a.jpg", jpeg())))
    response = opened.post(writeup_url(submission), writeup_post(submission, photo_alt=""))
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "photo_alt") == [ALT_MISSING]


# --- The attachment ---


def test_a_real_pdf_is_stored_unchanged_under_a_random_name(opened, submission):
    response = opened.post(
        writeup_url(submission),
        writeup_post(
            submission, attachment=upload("Rapport 2026.pdf", MINIMAL_PDF, "application/pdf")
        ),
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert STORED_PDF.fullmatch(submission.attachment.name)
    assert submission.attachment.open("rb").read() == MINIMAL_PDF
    assert "An attachment is uploaded." in opened.get(writeup_url(submission)).content.decode()


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
        b"<html><script>alert(1)</script></html>",
        b" %PDF-1.4 with something in front",
        jpeg(),
    ],
    ids=["docx", "html", "leading-space", "jpeg"],
)
def test_a_file_renamed_to_pdf_is_refused_and_the_answers_are_kept(opened, submission, content):
    response = opened.post(
        writeup_url(submission),
        writeup_post(submission, attachment=upload("rapport.pdf", content, "application/pdf")),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert field_errors(page, "attachment") == [NOT_A_PDF]
    assert 'value="Kafeen en travel morgen"' in page
    submission.refresh_from_db()
    assert not submission.attachment


@pytest.mark.parametrize("kind", ACTIVE_KINDS)
def test_a_pdf_with_active_content_is_refused_at_its_field(opened, submission, kind):
    response = opened.post(
        writeup_url(submission),
        writeup_post(submission, attachment=upload("r.pdf", active_pdf(kind), "application/pdf")),
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "attachment") == [PDF_ACTIVE]
    submission.refresh_from_db()
    assert not submission.attachment


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            active_pdf("encrypted"),
            "The PDF is protected with a password. Choose a PDF without a password.",
        ),
        (
            b"%PDF-1.4 and nothing a reader can use",
            "We cannot read this PDF. Save it as a PDF again and choose the new file.",
        ),
    ],
    ids=["encrypted", "broken"],
)
def test_a_pdf_that_cannot_be_checked_is_refused(opened, submission, content, message):
    response = opened.post(
        writeup_url(submission),
        writeup_post(submission, attachment=upload("r.pdf", content, "application/pdf")),
    )
    assert field_errors(response.content.decode(), "attachment") == [message]


def test_the_pdf_message_is_translated(opened, submission):
    page = opened.post(
        f"/nn/send-inn/bidrag/{submission.public_id}/bilde/",
        writeup_post(
            submission, attachment=upload("r.pdf", active_pdf("launch"), "application/pdf")
        ),
    ).content.decode()
    assert "PDF-en inneheld skript" in html.unescape(page)


def test_attachment_over_the_size_limit_is_refused(opened, submission, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = opened.post(
        writeup_url(submission),
        writeup_post(
            submission, attachment=upload("r.pdf", MINIMAL_PDF + bytes(100), "application/pdf")
        ),
    )
    size = len(MINIMAL_PDF) + 100
    assert field_errors(response.content.decode(), "attachment") == [
        f"The file is too large ({size}\xa0bytes). The limit is 100\xa0bytes."
    ]


def test_remove_the_attachment_clears_it(opened, submission):
    opened.post(
        writeup_url(submission),
        writeup_post(submission, attachment=upload("r.pdf", MINIMAL_PDF, "application/pdf")),
    )
    opened.post(writeup_url(submission), writeup_post(submission, action="remove_attachment"))
    submission.refresh_from_db()
    assert submission.attachment.name == ""


def test_a_truncated_photo_is_refused_even_after_weasyprint_was_imported(monkeypatch):
    from django.core.exceptions import ValidationError
    from PIL import ImageFile

    from submissions.uploads import clean_photo

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # what `import weasyprint` does
    whole = jpeg()
    with pytest.raises(ValidationError):
        clean_photo(upload("cut.jpg", whole[: len(whole) // 2]))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
