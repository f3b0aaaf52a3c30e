"""Checks and clean-up for uploaded files: photos are re-encoded, attachments must be real PDFs.

Re-encoding with Pillow (rather than trusting the upload) drops EXIF data such as GPS positions,
and anything hidden after or inside the image, and bounds the size of what we keep.
"""

import io
import threading
import uuid
import warnings
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from submissions import pdf_check

PHOTO_MAX_SIDE = 2400
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
PDF_MAGIC = b"%PDF-"


_truncation_setting = threading.Lock()


@contextmanager
def _refusing_truncated_images():
    """Pillow's LOAD_TRUNCATED_IMAGES is process-wide, and importing WeasyPrint turns it on;
    an uploaded photo must still be refused when it is cut short."""
    with _truncation_setting:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _check_size(upload, limit: int):
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )


def _open_image(upload) -> Image.Image:
    not_an_image = ValidationError(
        _("This file is not a photo we can read. Use a JPEG, PNG or WebP image."),
        code="not_image",
    )
    too_many_pixels = ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in PHOTO_FORMATS:
                raise not_an_image
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise too_many_pixels
            with _refusing_truncated_images():
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow refuses the largest images in open(), before our own check: same message.
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_an_image from error
    return image


def clean_photo(upload) -> ContentFile:
    """Validate an uploaded photo and return it re-encoded as a JPEG without metadata."""
    _check_size(upload, settings.PHOTO_MAX_BYTES)
    image = _open_image(upload)
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    # Pillow writes a comment it read (JPEG, GIF, PNG text) into the new JPEG, and fails on one
    # over 64 kB: keep no metadata at all.
    image.info.clear()
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def clean_attachment(upload) -> ContentFile:
    """Accept only a PDF (by its content, not its name) that pypdf can read and that carries
    no active content (`pdf_check`), stored under a random name."""
    _check_size(upload, settings.ATTACHMENT_MAX_BYTES)
    upload.seek(0)
    if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise ValidationError(_("The attachment must be a PDF file."), code="not_pdf")
    upload.seek(0)
    data = upload.read()
    _check_pdf_content(data)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.pdf")


def _check_pdf_content(data: bytes) -> None:
    try:
        found = pdf_check.active_content(data)
    except pdf_check.Encrypted as error:
        raise ValidationError(
            _("The PDF is protected with a password. Choose a PDF without a password."),
            code="pdf_encrypted",
        ) from error
    except pdf_check.Unreadable as error:
        raise ValidationError(
            _("We cannot read this PDF. Save it as a PDF again and choose the new file."),
            code="pdf_unreadable",
        ) from error
    if found:
        raise ValidationError(
            _(
                "The PDF contains scripts, actions or embedded files, which we do not accept. "
                "Save it as a plain PDF (for example with “Print to PDF”) and choose "
                "the new file."
            ),
            code="pdf_active_content",
        )
