"""The book's cover in the publisher's colour with the publisher's logo, read back from the PDF:
the colour as rendered (pdftoppm), the logo as an image on page 1 with its alternative text in
the structure tree (PDF/UA); without a colour or logo, Designsystemet's blue and no image."""

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from PIL import Image

import publisher
from book.render import build_book
from publisher import services as publisher_services
from publisher.accessor import forget
from publisher.colour import DEFAULT_COVER_COLOUR
from publisher.logo import sanitised_logo
from tests.factories import make_call, make_case, make_edition
from tests.pdf import IN_CI, read_pdf, structure_elements

pytestmark = [
    pytest.mark.django_db,
    # Like WeasyPrint itself (tests/book/conftest.py): skipped without it, failed under CI=true.
    pytest.mark.skipif(
        not shutil.which("pdftoppm") and not IN_CI,
        reason="pdftoppm is missing: apt-get install poppler-utils",
    ),
]

PDFTOPPM = shutil.which("pdftoppm") or "pdftoppm"
WINE = "#8B1E3F"
LOGO_GREEN = (20, 140, 60)


def _png_logo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (240, 80), LOGO_GREEN).save(out, format="PNG")
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


def _build(media, *, colour=None, logo=False) -> bytes:
    with override_settings(MEDIA_ROOT=media), transaction.atomic():
        owner = publisher.current()
        if colour:
            owner.cover_colour = colour
        if logo:
            owner.logo = sanitised_logo(_png_logo())
        publisher_services.save_publisher(owner)
        make_case(make_call())
        pdf = build_book(make_edition(number=1, kind="final")).pdf
        transaction.set_rollback(True)
    forget()  # the kept read of the publisher is the rolled-back one
    return pdf


@pytest.fixture(scope="module")
def books(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock():
        return {
            "branded": _build(media, colour=WINE, logo=True),
            "plain": _build(media),
        }


def _cover_pixels(pdf: bytes, tmp_path) -> Image.Image:
    source = tmp_path / "book.pdf"
    source.write_bytes(pdf)
    # Fixed arguments, the program found on PATH: a test's own files only.
    command = [PDFTOPPM, "-r", "30", "-f", "1", "-l", "1", "-png", "-singlefile"]
    subprocess.run([*command, source, tmp_path / "cover"], check=True, timeout=60)  # noqa: S603
    return Image.open(tmp_path / "cover.png").convert("RGB")


def _hex(rgb) -> str:
    return "#" + "".join(f"{channel:02X}" for channel in rgb)


def _close(rgb, colour: str) -> bool:
    wanted = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return all(abs(a - b) <= 3 for a, b in zip(rgb, wanted, strict=True))


def test_the_cover_is_printed_in_the_publishers_colour(books, tmp_path):
    cover = _cover_pixels(books["branded"], tmp_path)
    width, height = cover.size
    # The page's edges and a spot between the subtitle and the foot: no text there.
    for x, y in ((2, 2), (width - 3, height - 3), (width // 2, int(height * 0.62))):
        assert _close(cover.getpixel((x, y)), WINE), _hex(cover.getpixel((x, y)))


def test_without_a_colour_the_cover_is_designsystemets_blue_without_a_logo(books, tmp_path):
    cover = _cover_pixels(books["plain"], tmp_path)
    assert _close(
        cover.getpixel((cover.width // 2, int(cover.height * 0.62))), DEFAULT_COVER_COLOUR
    )
    assert len(read_pdf(books["plain"]).pages[0].images) == 0
    assert not [
        e for e in structure_elements(books["plain"]) if str(e.get("/Alt", "")).startswith("Logo")
    ]


def test_the_logo_is_an_image_on_the_cover_with_its_alternative_text(books, tmp_path):
    [image] = read_pdf(books["branded"]).pages[0].images
    assert image.image.convert("RGB").getpixel((5, 5)) == LOGO_GREEN
    figures = [e for e in structure_elements(books["branded"]) if str(e["/S"]) == "/Figure"]
    alts = [str(e.get("/Alt", "")) for e in figures]
    assert f"Logoen til {publisher.current().name}" in alts
    # Drawn at the top left, on its white ground.
    cover = _cover_pixels(books["branded"], tmp_path)
    greens = [
        (x, y)
        for x in range(0, cover.width, 2)
        for y in range(0, cover.height, 2)
        if _close(cover.getpixel((x, y)), _hex(LOGO_GREEN))
    ]
    assert greens
    assert max(x for x, _y in greens) < cover.width / 2
    assert max(y for _x, y in greens) < cover.height / 4
