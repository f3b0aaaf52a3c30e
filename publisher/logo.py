"""The publisher's logo, made safe before it is stored: an SVG keeps only a strict allow-list of
elements and attributes (no scripts, no event handlers, no reference outside the file); a PNG
is decoded and encoded again by Pillow, so only pixels survive."""

import base64
import io
import logging
import re
import xml.etree.ElementTree as ET

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

logger = logging.getLogger("kokebok.publisher")

MAX_BYTES = 1_000_000
MAX_PIXELS = 4000 * 4000
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "title", "desc", "defs", "linearGradient", "radialGradient", "stop", "clipPath",
    "use",
}  # fmt: skip
ATTRIBUTES = {
    "id", "class", "d", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "width",
    "height", "viewBox", "points", "fill", "fill-opacity", "fill-rule", "clip-rule", "stroke",
    "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "opacity", "transform", "offset", "stop-color", "stop-opacity", "gradientUnits",
    "gradientTransform", "clip-path", "font-family", "font-size", "font-weight",
    "text-anchor", "preserveAspectRatio", "role", "aria-label", "aria-hidden", "version",
    "style", "href",
}  # fmt: skip
# Only references inside the file: "#id" or url(#id).
EXTERNAL = re.compile(r"url\(\s*['\"]?(?!#)|@import|expression|javascript:", re.IGNORECASE)


def sanitised_logo(upload) -> ContentFile:
    """The uploaded file made safe, named .svg or .png; ValidationError for anything else."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The logo is larger than 1 MB."))
    stem = re.sub(r"[^a-z0-9-]", "", upload.name.rsplit(".", 1)[0].lower())[:40] or "logo"
    if data.startswith(b"\x89PNG"):
        return ContentFile(_png(data), name=f"{stem}.png")
    return ContentFile(_svg(data), name=f"{stem}.svg")


def _png(data: bytes) -> bytes:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The logo has too many pixels."))
            image.load()
            out = io.BytesIO()
            image.convert("RGBA").save(out, format="PNG")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The logo could not be read as a PNG image.")) from error
    return out.getvalue()


def _svg(data: bytes) -> bytes:
    # No document type: it is where entity tricks (and external entities) live.
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise ValidationError(_("The logo must be an SVG or a PNG file."))
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DOCTYPE, so no entities (checked above)
    except ET.ParseError as error:
        raise ValidationError(_("The logo must be an SVG or a PNG file.")) from error
    if _local(root.tag) != "svg":
        raise ValidationError(_("The logo must be an SVG or a PNG file."))
    _clean(root)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _clean(element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) not in ELEMENTS:
            element.remove(child)
        else:
            _clean(child)
    for name, value in list(element.attrib.items()):
        local = _local(name)
        keep = local in ATTRIBUTES and not EXTERNAL.search(value)
        if local == "href":
            keep = value.startswith("#")
        if not keep:
            del element.attrib[name]


MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def logo_data_url(publisher) -> str:
    """The stored (sanitised) logo as a data: URL, for the book, whose renderer fetches nothing
    else from the media folder; "" without a logo or when its file cannot be read."""
    media_type = MEDIA_TYPES.get(publisher.logo_name.rsplit(".", 1)[-1].lower())
    if not media_type:
        return ""
    try:
        with publisher.logo.open("rb") as stored:
            data = stored.read(MAX_BYTES + 1)
    except OSError:
        logger.warning("publisher logo %s could not be read", publisher.logo.name)
        return ""
    if len(data) > MAX_BYTES:
        return ""
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
