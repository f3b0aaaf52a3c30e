from pathlib import PurePosixPath

from django import template
from django.conf import settings
from django.urls import reverse

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
