from pathlib import PurePosixPath

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html_join

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
    """{{ field|select_options }}: a select's <option>s, the chosen one selected. In Python, not a
    template loop: a search page has hundreds of municipalities, and the loop cost a third of it."""
    chosen = field.value()
    chosen = "" if chosen is None else str(chosen)
    return format_html_join(
        "\n",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == chosen else "", label)
            for value, label in field.field.choices
        ),
    )
