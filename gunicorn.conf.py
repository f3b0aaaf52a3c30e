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
# Restart each worker now and then, so that no slow leak grows without bound.
max_requests = 1000
max_requests_jitter = 100
# No access log: the addresses of the submitters' secret links are in the paths, and client
# addresses are personal data. Errors still reach the error log (stderr).
accesslog = None
errorlog = "-"


def post_worker_init(worker):
    """Import WeasyPrint once per worker before its first request (about 40 MiB, one to two
    seconds): the first reader who downloads a case's PDF (/eksempler/<slug>.pdf) would wait
    for it otherwise, after every restart of the worker (max_requests)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # no Pango: only the book's PDFs are unavailable
        worker.log.warning("WeasyPrint cannot be imported: %s", error)
