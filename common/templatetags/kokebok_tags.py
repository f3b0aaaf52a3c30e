import nh3
from django import template
from django.template.defaultfilters import linebreaksbr, urlize
from django.utils.safestring import mark_safe

from common.diff import render_word_diff

register = template.Library()


@register.filter
def word_diff(old, new):
    """{{ old|word_diff:new }}: the two texts as one, deletions and insertions marked."""
    return render_word_diff("" if old is None else old, "" if new is None else new)


@register.filter
def reader_text(text):
    """Readers' plain text for the page: escaped, line breaks kept, web addresses as links that
    carry rel="nofollow ugc" and only http(s) schemes. No other markup survives."""
    html = linebreaksbr(urlize(str(text), autoescape=True), autoescape=False)
    cleaned = nh3.clean(
        html,
        tags={"a", "br"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just sanitised it
