"""The publisher's name in templates without a request (e-mails, the book), in the active
language, which is the recipient's when an e-mail is rendered (common.tasks.send_email)."""

from django import template

from publisher.accessor import current

register = template.Library()


@register.simple_tag
def publisher_name() -> str:
    return current().display_name


@register.simple_tag
def service_name() -> str:
    return current().display_service_name
