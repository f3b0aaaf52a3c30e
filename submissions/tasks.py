"""Background work of the submissions app.

A task's arguments are stored as JSON until a worker runs it (`manage.py db_worker` in
production), so they are plain values, never model instances.
"""

import logging
import smtplib
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

logger = logging.getLogger("kokebok.email")

# Context values that travel as ISO 8601 strings and reach the template as date-times again.
DATETIME_KEYS = ("deadline",)


class EmailNotSent(Exception):
    """The mail server refused or failed. The message names the template, never the recipient,
    because it is kept in the task table and the logs."""


@task()
def send_email(template: str, recipient: str, language: str, context: dict) -> None:
    """Render `emails/<template>_subject.txt` and `_body.txt` in `language` and send them.

    Raises EmailNotSent when the mail server fails, which leaves the task failed in the task
    table (see "Running in production" in the README for how to find and retry it).
    """
    context = {
        **context,
        **{key: datetime.fromisoformat(context[key]) for key in DATETIME_KEYS if context.get(key)},
    }
    with translation.override(language):
        # A header must be one line, whatever a submitter put in their title.
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("email_failed template=%s error=%s", template, type(error).__name__)
        # `from None`: the original exception's text can hold the recipient's address.
        raise EmailNotSent(f"template={template} error={type(error).__name__}") from None
    logger.info("email_sent template=%s", template)
