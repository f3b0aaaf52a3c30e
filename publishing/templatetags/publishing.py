from pathlib import PurePosixPath

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from publishing.markdown import render_markdown
from publishing.selects import option_pieces, write_options

register = template.Library()


@register.filter
def markdown(text):
    """{{ answer.text|markdown }}: the submitter's Markdown as sanitised HTML."""
    return render_markdown(text)


@register.filter
def absolute(path: str) -> str:
    """{{ path|absolute }}: the address on the site's canonical host (SITE_URL)."""
    return settings.SITE_URL + path


@register.simple_tag
def photo_url(case) -> str:
    if not case.photo:
        return ""
    name = PurePosixPath(case.photo.name).name
    return reverse("publishing:case_photo", args=[case.public_id, name])


@register.filter
def select_options(field):
    """{{ field|select_options }}: a select's <option>s, the chosen one selected, each but the
    empty one with its count when the field has `counts` ("Pilot (3)"); publishing.selects."""
    counts = getattr(field.field, "counts", None)
    return mark_safe(write_options(option_pieces(field.field.choices), field.value(), counts))  # noqa: S308 (escaped by option_pieces)
