"""The one way to say "what readers see has changed": `announce_public_change()`.

Every service that changes something readers can see (a case's text, parties or state, a
consent, a theme, a tool, input, a call's questions; deletions too) calls it inside the
transaction that makes the change. The apps that show that content listen to one of two signals:

- `public_case_changed`, sent at once, inside the writing transaction, with the case: for what
  must commit together with the change. Publishing rewrites the case's search document here, so
  that the moment readers can see the change, search finds it.
- `public_content_changed`, sent once per transaction after it commits, with the ids of every
  case announced in it: for what must only happen once the change is visible. Publishing makes
  the cached pages stale here (whoever reads the new generation then reads the new content,
  and the one counter row is not held locked for the rest of every writer's transaction), and
  the book queues one rebuild however many changes the transaction made. A listener that
  fails is logged and does not stop the others; the change stays committed.

A transaction that rolls back announces nothing. Outside a transaction (autocommit) the change
is already committed, so both signals are sent at once. Writes that bypass the services
(`QuerySet.update()`, a backup being loaded) announce nothing, on purpose.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger("kokebok.announcements")

# Sent with `submission` (the case) inside the writing transaction.
public_case_changed = Signal()
# Sent with `submission_ids` (a frozenset, empty for changes that concern no one case) once
# after the transaction that made the changes commits.
public_content_changed = Signal()


def announce_public_change(submission=None) -> None:
    """Announce that something readers can see has changed: the case `submission`, or (None)
    content that is not one case's (themes, tools, the questions, input on the book).

    In order: sends `public_case_changed` for the case now; then adds the case to this
    transaction's announcement, registered to send `public_content_changed` once on commit.
    """
    if submission is not None:
        public_case_changed.send(sender=type(submission), submission=submission)
    pending = _pending_announcement() or _Announcement()
    if submission is not None:
        pending.submission_ids.add(submission.pk)
    # Registered with every announcement, not only the first: a rollback to a savepoint drops
    # what was registered after it, and the first of the entries left sends (the others find it
    # sent). Outside a transaction this runs at once.
    transaction.on_commit(pending.send)


class _Announcement:
    """The changes of one transaction, announced once when it commits."""

    def __init__(self):
        self.submission_ids = set()
        self.sent = False

    def send(self):
        if self.sent:
            return
        self.sent = True
        ids = frozenset(self.submission_ids)
        # Each listener runs even if another fails: the cache and the book are independent.
        for listener, result in public_content_changed.send_robust(sender=None, submission_ids=ids):
            if isinstance(result, Exception):
                logger.error(
                    "public_change_listener_failed listener=%s",
                    getattr(listener, "__qualname__", listener),
                    exc_info=result,
                )


def _pending_announcement() -> _Announcement | None:
    """This transaction's announcement, if something was announced in it already.

    It sits in the connection's on-commit queue, so a rollback (of the transaction, or of the
    savepoint it was registered in) discards it with everything else that transaction did.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for _savepoints, callback, *_robust in connection.run_on_commit:
        # `sent`: a test's stand-in for a commit (captureOnCommitCallbacks) runs the callbacks
        # but leaves them in the queue.
        pending = getattr(callback, "__self__", None)
        if isinstance(pending, _Announcement) and not pending.sent:
            return pending
    return None
