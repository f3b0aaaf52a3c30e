from html import escape
from pathlib import PurePosixPath

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from publishing.markdown import render_markdown

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
    empty one with its count when the field has `counts` ("Pilot (3)"). In Python with the
    standard library's escape, not a template loop or format_html: a search page has hundreds
    of municipalities, and those cost half of it."""
    chosen = field.value()
    chosen = "" if chosen is None else str(chosen)
    counts = getattr(field.field, "counts", None)
    options = []
    for value, label in field.field.choices:
        value, label = str(value), str(label)
        if counts is not None and value:
            label = f"{label} ({counts[value]})"
        selected = " selected" if value == chosen else ""
        options.append(f'<option value="{escape(value)}"{selected}>{escape(label)}</option>')
    return mark_safe("\n".join(options))  # noqa: S308 (every value and label escaped above)
