"""The book's background tasks (django-tasks: the immediate backend in development and tests,
the database backend and its worker, `manage.py db_worker`, in production)."""

import logging

from django_tasks import task

from book import builds
from book.models import Edition

logger = logging.getLogger("kokebok.book")

# Its own worker runs this queue (settings.TASK_QUEUES): e-mails never wait behind a build.
BOOK_QUEUE = "book"


@task(queue_name=BOOK_QUEUE)
def rebuild_book(force: bool = False, edition_id: int | None = None) -> list[int]:
    """Rebuild the PDF of every edition that is not frozen (or only of edition `edition_id`)
    if what it prints has changed. Returns the numbers of the editions looked at."""
    try:
        if edition_id is None:
            editions = builds.rebuild_open_editions(force=force)
        else:
            editions = [Edition.objects.get(pk=edition_id)]
            builds.build_edition(editions[0], force=force)
    except builds.EditionFrozen:
        # Frozen since an editor asked for this build: it keeps the PDF it was frozen with.
        logger.info("book_already_frozen edition_id=%s", edition_id)
        return []
    except Exception:
        # The immediate backend keeps a task's exception to itself: say it here.
        logger.exception("book_rebuild_failed edition_id=%s", edition_id)
        raise
    return [edition.number for edition in editions]


@task(queue_name=BOOK_QUEUE)
def freeze_edition(edition_id: int) -> int:
    """Freeze an edition: build its final files and keep them (book.builds.freeze_edition)."""
    try:
        edition = Edition.objects.get(pk=edition_id)
        return builds.freeze_edition(edition).number
    except builds.EditionFrozen:
        # Frozen by hand (or by another publication) since this was queued: nothing to do.
        logger.info("book_already_frozen edition=%s", edition.number)
        return edition.number
    except Exception:
        logger.exception("book_freeze_failed edition_id=%s", edition_id)
        raise
