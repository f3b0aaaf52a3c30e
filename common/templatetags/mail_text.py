"""Filters for the e-mails' templates: what someone typed, as data (`common.emails`)."""

from django import template

from common import emails

register = template.Library()


@register.filter
def as_data(text) -> str:
    """{{ submission.title|as_data }}: one bounded line with no links, for inside “…”."""
    return emails.as_data(text)


@register.filter
def quoted(text) -> str:
    """{{ person.name|quoted }}: the same between «», where nothing quotes it."""
    return emails.quoted(text)
