"""Readers keep getting pages while the PDF book is being rebuilt.

    .venv/bin/python bench/read_while_building.py               # 50 cases, about a minute
    .venv/bin/python bench/read_while_building.py --cases 200

A temporary SQLite file gets that many published cases and a built first edition; gunicorn
(gunicorn.conf.py, 2 workers) starts on a free loopback port. Four reader threads then fetch the
front page, the list, a case page and /kokebok.pdf in turn: first for a few seconds with nothing
else running (the baseline), then while `manage.py build_cookbook --force` rebuilds the edition in
another process, as `db_worker` would. Reports requests, errors, p50/p99/max latency per phase and
checks that every PDF served was whole: the SHA-256 of either the old or the new edition. Exits 1
on any error or a PDF that was neither.
"""

import argparse
import hashlib
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = 4
BASELINE_SECONDS = 5.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kokebok-read-build-") as directory:
        directory = Path(directory)
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("CACHE_URL", None)
        os.environ.update(
            {
                "SQLITE_PATH": str(directory / "read.sqlite3"),
                "MEDIA_ROOT": str(directory / "media"),
                "STATIC_ROOT": str(directory),
                "DJANGO_SETTINGS_MODULE": "kokebok.settings",
                "DEBUG": "false",
                "SECURE_COOKIES": "false",
                "TASKS_BACKEND": "immediate",
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                "LOG_LEVEL": "ERROR",
            }
        )
        sys.path.insert(0, str(ROOT))
        slug, old_sha = prepare(args.cases)
        from bench.server import gunicorn

        with gunicorn() as address:
            paths = ["/", "/eksempler/", f"/eksempler/{slug}/", "/kokebok.pdf"]
            baseline = read(address, paths, until=_after(BASELINE_SECONDS))
            started = time.monotonic()
            change_the_book()
            build = subprocess.Popen(
                [sys.executable, "manage.py", "build_cookbook", "--force"],
                cwd=ROOT,
                env=os.environ.copy(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            during = read(address, paths, until=lambda: build.poll() is not None)
            build_seconds = time.monotonic() - started
            if build.returncode != 0:
                raise SystemExit(f"build_cookbook failed:\n{build.stderr.read().decode()[-3000:]}")
        new_sha = current_sha()
    report = {
        "cases": args.cases,
        "build_seconds": round(build_seconds, 1),
        "new_pdf": new_sha != old_sha,
        "baseline": summary(baseline, {old_sha}),
        "during_build": summary(during, {old_sha, new_sha}),
    }
    print(json.dumps(report))
    ok = all(report[phase]["errors"] == 0 for phase in ("baseline", "during_build"))
    ok = ok and all(report[phase]["pdf_not_whole"] == 0 for phase in ("baseline", "during_build"))
    print("target met" if ok else "TARGET MISSED")
    sys.exit(0 if ok else 1)


def prepare(cases: int) -> tuple[str, str]:
    """Migrate, publish `cases` cases, build the first edition; returns a case's slug and the
    edition's SHA-256."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.book import generate
    from book import builds, services
    from book.models import Edition
    from submissions.models import Submission

    call_command("migrate", verbosity=0)
    generate(cases)
    edition = Edition.objects.create(number=1, subtitle="Lesing under bygging")
    builds.build_edition(edition)
    services.publish_edition(edition)  # readers get it only once it is published
    edition.refresh_from_db()
    slug = Submission.objects.published().order_by("pk").first().slug
    connection.close()
    return slug, edition.pdf_sha256


def change_the_book() -> None:
    """A new subtitle, so the build makes a new PDF (an update() sends no signal, so nothing
    is rebuilt here)."""
    from django.db import connection

    from book.models import Edition

    Edition.objects.filter(number=1).update(subtitle="Lesing under bygging, andre gang")
    connection.close()


def current_sha() -> str:
    from book.models import Edition

    return Edition.objects.get(number=1).pdf_sha256


def read(address, paths, *, until) -> list[tuple[str, object, float, str | None]]:
    """(path, status, seconds, SHA-256 of a PDF body) for every request until `until()`."""
    results, lock = [], threading.Lock()

    def reader(offset):
        index = offset
        while not until():
            path = paths[index % len(paths)]
            index += 1
            started = time.perf_counter()
            try:
                status, body = _get(address, path)
            except OSError as error:
                status, body = repr(error), b""
            digest = hashlib.sha256(body).hexdigest() if path.endswith(".pdf") else None
            with lock:
                results.append((path, status, time.perf_counter() - started, digest))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _get(address, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(*address, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _after(seconds: float):
    deadline = time.monotonic() + seconds
    return lambda: time.monotonic() >= deadline


def summary(results, whole_shas: set[str]) -> dict:
    latencies = sorted(seconds for _path, _status, seconds, _digest in results)
    pdfs = [d for path, status, _s, d in results if path.endswith(".pdf") and status == 200]
    return {
        "requests": len(results),
        "errors": sum(status != 200 for _path, status, _s, _d in results),
        "p50_ms": round(statistics.median(latencies) * 1000) if latencies else None,
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000)
        if latencies
        else None,
        "max_ms": round(latencies[-1] * 1000) if latencies else None,
        "pdfs": len(pdfs),
        "pdf_not_whole": sum(digest not in whole_shas for digest in pdfs),
    }


if __name__ == "__main__":
    main()
