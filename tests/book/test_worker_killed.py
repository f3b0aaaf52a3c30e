"""The PDF worker killed mid-build (SIGKILL, as by the OOM killer or a deploy): the previous
edition is still served, nothing half-written is ever served, and the next build succeeds."""

import hashlib
import os
import signal
import time

import pytest
from django.db import connection

from book import builds
from book.models import Edition
from tests.factories import make_call, make_case, make_edition

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the worker is a forked process")


_parents_session = []


def _die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def build_in_a_worker_killed_at(edition, moment: str) -> int:
    """Fork a worker process that rebuilds `edition` and is killed at `moment`: while WeasyPrint
    writes the PDF ("render"), or once the bytes are in the temporary file, before it is renamed
    ("write"). Returns the signal that ended it."""
    pid = os.fork()
    if pid == 0:  # the worker; it never returns into pytest
        try:
            if connection.vendor != "sqlite":
                # A real worker has its own database session: leave the parent's alone (kept
                # referenced, so it is never closed from here) and open a new one.
                _parents_session.append(connection.connection)
                connection.connection = None
            if moment == "render":
                from weasyprint.document import Document

                Document.write_pdf = _die
            else:
                os.fsync = _die
            builds.build_edition(edition, force=True)
        finally:
            os._exit(1)
    _pid, status = os.waitpid(pid, 0)
    return os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status)


# Committed data, so that on PostgreSQL the worker's own session sees it; on SQLite in memory
# the forked worker reads its copy of the parent's database.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("moment", ["render", "write"])
def test_a_worker_killed_mid_build_leaves_the_previous_edition_served(
    client, moment, django_capture_on_commit_callbacks
):
    call = make_call()
    make_case(call, title="Første eksempel")
    edition = make_edition()
    builds.build_edition(edition)
    edition.refresh_from_db()
    before = (edition.pdf_file, edition.pdf_sha256, edition.built_at)
    # A change the next build prints (update() sends no signal, so nothing rebuilds it here).
    Edition.objects.filter(pk=edition.pk).update(subtitle="Andre utgave av undertittelen")

    assert build_in_a_worker_killed_at(edition, moment) == signal.SIGKILL

    edition.refresh_from_db()
    assert (edition.pdf_file, edition.pdf_sha256, edition.built_at) == before
    served = b"".join(client.get("/kokebok.pdf").streaming_content)
    assert hashlib.sha256(served).hexdigest() == before[1]
    files = sorted(p.name for p in builds.book_dir().glob("*.pdf"))
    finished = [name for name in files if not name.startswith(".partial-")]
    assert finished == [before[0]]
    # Killed after writing, the temporary file stays behind under a name nothing serves.
    abandoned = [builds.pdf_path(name) for name in files if name.startswith(".partial-")]
    assert len(abandoned) == (1 if moment == "write" else 0)
    # The next build removes it once it is old enough not to be another build's file.
    an_hour_ago = time.time() - builds.KEEP_UNUSED_FILES.total_seconds() - 1
    for path in abandoned:
        os.utime(path, (an_hour_ago, an_hour_ago))
    in_progress = builds.book_dir() / ".partial-another-build.pdf"
    in_progress.write_bytes(b"%PDF-")

    with django_capture_on_commit_callbacks(execute=True):
        assert builds.build_edition(edition) is True
    assert [path for path in abandoned if path.exists()] == []
    assert in_progress.exists()
    edition.refresh_from_db()
    assert edition.pdf_file != before[0]
    served = b"".join(client.get("/kokebok.pdf").streaming_content)
    assert hashlib.sha256(served).hexdigest() == edition.pdf_sha256
    assert [c.title for c in edition.cases.all()] == ["Første eksempel"]
    # The superseded file stays for readers who looked it up just before (test_builds.py).
    assert builds.pdf_path(before[0]).exists()
