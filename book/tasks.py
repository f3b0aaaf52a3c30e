"""The book's background tasks (django-tasks: the immediate backend in development and tests,
the database backend and its worker, `manage.py db_worker`, in production)."""

import logging

from django_tasks import task

logger = logging.getLogger("kokebok.book")

# Its own worker runs this queue (settings.TASK_QUEUES): e-mails never wait behind a build.
BOOK_QUEUE = "book"


@task(queue_name=BOOK_QUEUE)
def rebuild_book(force: bool = False) -> int | None:
    """Rebuild the current edition's PDF if what it prints has changed."""
    from book.services import rebuild_current_edition

    try:
        edition = rebuild_current_edition(force=force)
    except Exception:
        # The immediate backend keeps a task's exception to itself: say it here.
        logger.exception("book_rebuild_failed")
        raise
    return edition.number if edition else None


@task(queue_name=BOOK_QUEUE)
def freeze_edition(edition_id: int) -> int:
    """Freeze an edition: build its final files and keep them (book.services.freeze_edition)."""
    from book.models import Edition
    from book.services import freeze_edition as freeze

    try:
        return freeze(Edition.objects.get(pk=edition_id)).number
    except Exception:
        logger.exception("book_freeze_failed edition_id=%s", edition_id)
        raise
