"""gunicorn settings: `.venv/bin/gunicorn -c gunicorn.conf.py kokebok.wsgi`.

Each value can be changed by the environment (GUNICORN_BIND, WEB_CONCURRENCY, ...) or on the
command line, which wins over this file.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two sync workers on two cores served the most requests per second; four were slower.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Django (and WeasyPrint, below) are imported once, in the master: a worker that is restarted
# is a fork, ready at once, instead of one to two seconds of imports. Measured (bench/README.md,
# eighth pass): with the imports in each worker and a restart every 1,000 requests, the
# workers spent most of a busy second importing, and served a third of the cached pages.
# A new release is therefore started with a restart of gunicorn, not a HUP.
preload_app = True
# Restart each worker now and then, so that no slow leak grows without bound; seldom, since a
# new worker starts with an empty page cache (a few ms per page it renders again).
max_requests = 100_000
max_requests_jitter = 10_000
# No access log: the addresses of the submitters' secret links are in the paths, and client
# addresses are personal data. Errors still reach the error log (stderr).
accesslog = None
errorlog = "-"


def on_starting(server):
    """Import WeasyPrint in the master (about 40 MiB, one to two seconds), so that every worker
    has it from the start: the first reader who downloads a case's PDF (/eksempler/<slug>.pdf)
    would wait for it otherwise."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # no Pango: only the book's PDFs are unavailable
        server.log.warning("WeasyPrint cannot be imported: %s", error)


def pre_fork(server, worker):
    """No database connection crosses a fork: two processes on one socket would mix their
    queries. Django opens none while loading; this keeps it so should anything query early."""
    if not server.cfg.preload_app:  # nothing of Django's is loaded in the master
        return
    from django.db import connections

    connections.close_all()
