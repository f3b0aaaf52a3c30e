"""E-mail queued after the database transaction commits, in the recipient's language.

Every message is a task (`common.tasks.send_email`) queued when the current transaction commits,
so nobody gets a link to something that was rolled back, and a failing mail server never fails a
request or loses what was saved. The task gets plain values only: callers build the context from
the objects as they are at the time of the change.
"""

import json

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from common import tasks


def absolute_url(viewname: str, *, language: str, kwargs=None) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(viewname, kwargs=kwargs)


def send_after_commit(template: str, recipient: str, language: str, context: dict):
    """Queue the e-mail task for when the current transaction commits.

    `context` must be JSON (strings, numbers, lists, dicts; date-times as ISO strings under the
    keys in tasks.DATETIME_KEYS): anything else raises TypeError here, in the caller. A failure
    to queue after the commit is logged, not raised.
    """
    # The round trip checks the context now and keeps a copy of it as it is now.
    context = json.loads(json.dumps(context))
    transaction.on_commit(
        lambda: tasks.send_email.enqueue(template, recipient, language, context), robust=True
    )
