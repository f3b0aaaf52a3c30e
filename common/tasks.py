"""Background work of the submissions app.

A task's arguments are stored as JSON until a worker runs it (`manage.py db_worker` in
production), so they are plain values, never model instances.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

logger = logging.getLogger("kokebok.email")

# Context values that travel as ISO 8601 strings and reach the template as date-times again.
DATETIME_KEYS = ("deadline", "pitch_deadline")


# How long to wait before the 2nd, 3rd, ... attempt: together about nine hours, so a mail server
# that is down for a night still gets every link out. After the last attempt the task stays
# failed, for `manage.py retry_failed_tasks`.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


class EmailNotSent(Exception):
    """The mail server refused or failed. The message names the template, never the recipient,
    because it is kept in the task table and the logs."""


@task()
def send_email(template: str, recipient: str, language: str, context: dict, attempt: int = 1):
    """Render `emails/<template>_subject.txt` and `_body.txt` in `language` and send them.

    When the mail server fails, the same e-mail is queued again after the next of
    RETRY_DELAYS. When none is left (or the backend cannot wait, as the immediate one used in
    development), raises EmailNotSent, which leaves the task failed in the task table (see
    "Running in production" in the README for how to find and retry it).
    """
    rendered = {
        **context,
        **{key: datetime.fromisoformat(context[key]) for key in DATETIME_KEYS if context.get(key)},
    }
    with translation.override(language):
        # A header must be one line, whatever a submitter put in their title.
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", rendered).split())
        body = render_to_string(f"emails/{template}_body.txt", rendered)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    except (smtplib.SMTPException, OSError) as error:
        error_name = type(error).__name__
    else:
        logger.info("email_sent template=%s attempt=%d", template, attempt)
        return
    # Outside the `except`: nothing raised from here on carries the mail server's message,
    # which can hold the recipient's address, as its context.
    if _retry_later(template, recipient, language, context, attempt):
        logger.warning(
            "email_retry_queued template=%s attempt=%d error=%s", template, attempt, error_name
        )
        return
    logger.warning("email_failed template=%s attempt=%d error=%s", template, attempt, error_name)
    raise EmailNotSent(f"template={template} error={error_name}")


def _retry_later(template, recipient, language, context, attempt) -> bool:
    """Queue attempt number `attempt + 1`, with the task's own JSON `context`, if one is left;
    False if not."""
    if attempt > len(RETRY_DELAYS) or not send_email.get_backend().supports_defer:
        return False
    run_after = timezone.now() + RETRY_DELAYS[attempt - 1]
    send_email.using(run_after=run_after).enqueue(
        template, recipient, language, context, attempt=attempt + 1
    )
    return True
