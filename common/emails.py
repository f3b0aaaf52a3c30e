"""E-mail written with the data, sent once the change commits, in the recipient's language.

Every message is a task (`common.tasks.send_email`). With the database backend of production the
task's row is written inside the current transaction, so it commits or rolls back with the change
it belongs to: a crash between the two can neither lose the mail nor send it for a change that
was rolled back. A backend that runs the task at once (development, tests) runs it only when the
transaction commits. Either way nobody gets a link to something rolled back, and a failing mail
server never fails a request. The task gets plain values only: callers build the context from
the objects as they are at the time of the change.
"""

import json
import re
import unicodedata

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django_tasks_db import DatabaseBackend

from common import tasks


def absolute_url(viewname: str, *, language: str, kwargs=None) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(viewname, kwargs=kwargs)


def send_after_commit(template: str, recipient: str, language: str, context: dict):
    """Queue the e-mail task so that it is sent only if the current transaction commits.

    With the database backend the task's row is written now, in the caller's transaction (a
    failure to write it fails the change too); with any other backend the task is queued when
    the transaction commits, and a failure to queue it then is logged, not raised.

    `context` must be JSON (strings, numbers, lists, dicts; date-times as ISO strings under the
    keys in tasks.DATETIME_KEYS): anything else raises TypeError here, in the caller.
    """
    # The round trip checks the context now and keeps a copy of it as it is now.
    context = json.loads(json.dumps(context))
    if queues_in_database():
        tasks.send_email.enqueue(template, recipient, language, context)
        return
    transaction.on_commit(
        lambda: tasks.send_email.enqueue(template, recipient, language, context), robust=True
    )


def queues_in_database() -> bool:
    """Whether a queued task is a row in our database, written in the current transaction."""
    return isinstance(tasks.send_email.get_backend(), DatabaseBackend)


# --- What someone typed, in an e-mail ---

# Longer names and titles are cut: a message must not become a letter of the sender's own.
TYPED_MAX_CHARS = 120
# A scheme ("https://", "mailto:") or a dot between a name and letters ("evil.example"): what
# mail programs turn into a link. A colon in ordinary text ("Kafé: en start") is left alone.
_SCHEME = re.compile(
    r"(?i)\b(?:([a-z][a-z0-9+.-]{0,15})(?=:/)|(mailto|tel|sms|javascript|data)(?=:)):"
)
_HOST_DOT = re.compile(r"(?<=\w)\.(?=[^\W\d_]{2})")
# Control, format (direction overrides, zero-width) and line or paragraph separators.
_INVISIBLE = frozenset(("Cc", "Cf", "Zl", "Zp"))


def as_data(text, *, max_chars: int = TYPED_MAX_CHARS) -> str:
    """Text a submitter or reader typed (a name, a title), made fit to stand in an e-mail from
    the publisher: one line without control or direction characters, at most `max_chars`
    characters, and no web or e-mail address a mail program would make into a link. It can
    then be quoted (`quoted`), never read as the publisher's own words or links."""
    visible = "".join(
        " " if unicodedata.category(char) in _INVISIBLE else char for char in str(text or "")
    )
    line = " ".join(visible.split())
    if len(line) > max_chars:
        line = line[: max_chars - 1].rstrip() + "…"
    line = _SCHEME.sub(lambda m: f"{m[1] or m[2]}[:]", line)
    return _HOST_DOT.sub("[.]", line)


def quoted(text, *, max_chars: int = TYPED_MAX_CHARS) -> str:
    """`as_data(text)` between «», for a place where no quotation marks surround it."""
    return f"«{as_data(text, max_chars=max_chars)}»"
