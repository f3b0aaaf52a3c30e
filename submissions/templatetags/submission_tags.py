"""Template tags of the submitters' pages."""

from django import template

from submissions.change_requests import open_change_request

register = template.Library()


@register.simple_tag
def editors_request(submission):
    """{% editors_request submission as request %}: the editors' open request for changes
    (submissions.change_requests.ChangeRequest), or None."""
    return open_change_request(submission)
