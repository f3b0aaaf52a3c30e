import nh3
from django import template
from django.template.defaultfilters import linebreaksbr, urlize
from django.utils.safestring import mark_safe

register = template.Library()


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
