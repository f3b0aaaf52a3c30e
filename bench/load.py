"""A deadline rush against gunicorn: N pitches POSTed at once in the call's last minute.

    .venv/bin/python bench/load.py                      # SQLite, 200 pitches, about 30 s
    .venv/bin/python bench/load.py --postgres postgres://kokebok:kokebok@127.0.0.1:5432/kokebok_load

For each database (a temporary SQLite file; with --postgres also PostgreSQL, in a database the
script creates under the URL's name and drops afterwards, so that database must not exist):
migrate, start gunicorn with 2 workers on a free loopback port, create a call whose pitch deadline
is 60 s away, then act as N browsers. Each GETs the form and keeps its csrftoken cookie and hidden
token; when all have the form they POST at the same moment, and each follows its redirect to the
thank-you page. E-mail takes the production path: the web processes queue it in the database
and two `db_worker` processes send it, into files (one temporary directory); the run waits until
the queue is empty before it counts the confirmations.

Reports requests, errors, p50/p99 latency of the POSTs, rows stored, and the confirmations per
submitter. The target: 0 errors, 0 pitches lost, exactly one confirmation per submitter. Exits 1
when it is missed. Only loopback is used. The rate limit is the real one: as behind the proxy
of docs/operations.md (PROXY_COUNT=1), each browser comes from its own address in
X-Forwarded-For.
"""

import argparse
import email
import http.client
import ipaddress
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SECONDS_BEFORE_DEADLINE = 60
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The pitch page's one-time key, sent back as a browser does (one pitch per page).
FORM_KEY_INPUT = re.compile(r'name="form_key" value="([\w-]+)"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pitches", type=int, default=200)
    parser.add_argument(
        "--postgres", default="", help="also run on PostgreSQL, in a new database of this URL"
    )
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)  # one run's child
    args = parser.parse_args()
    if args.database_url:
        print(json.dumps(run_one(args.database_url, args.pitches)))
        return
    results = [run_child("sqlite", "", args.pitches)]
    if args.postgres:
        with new_postgres_database(args.postgres):
            results.append(run_child("postgresql", args.postgres, args.pitches))
    print_table(results)
    sys.exit(0 if all(met_target(result) for result in results) else 1)


def run_child(name: str, database_url: str, pitches: int) -> dict:
    """Each database in its own process: Django reads its settings once."""
    with tempfile.TemporaryDirectory() as directory:
        url = database_url or f"sqlite:///{directory}/load.sqlite3"
        output = subprocess.run(  # noqa: S603 (our own interpreter and script)
            [sys.executable, __file__, "--database-url", url, "--pitches", str(pitches)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    if output.returncode != 0:
        raise SystemExit(f"The {name} run failed:\n{output.stderr[-3000:]}")
    return {"database": name, **json.loads(output.stdout.strip().splitlines()[-1])}


class new_postgres_database:  # noqa: N801 (a context manager, like open())
    """CREATE DATABASE for the URL's name (refusing one that exists), DROP it afterwards."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.name = parts.path.lstrip("/")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", self.name):
            raise SystemExit("--postgres needs a database name of a-z, 0-9 and _")
        self.maintenance = parts._replace(path="/postgres").geturl()

    def _execute(self, sql: str):
        import psycopg

        with psycopg.connect(self.maintenance, autocommit=True) as connection:
            connection.execute(sql)

    def __enter__(self):
        self._execute(f"CREATE DATABASE {self.name}")
        return self

    def __exit__(self, *exc_info):
        self._execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


# --- One run (in the child process) ---


def run_one(database_url: str, pitches: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="kokebok-load-") as directory:
        return _run_one(database_url, pitches, Path(directory))


def _run_one(database_url: str, pitches: int, directory: Path) -> dict:
    mail_dir = directory / "mail"
    mail_dir.mkdir()
    if database_url.startswith("sqlite:"):
        # The product's own SQLite settings (WAL, IMMEDIATE transactions) come with SQLITE_PATH.
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = database_url.removeprefix("sqlite:///")
    else:
        os.environ["DATABASE_URL"] = database_url
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "kokebok.settings",
            "DEBUG": "false",
            "SECURE_COOKIES": "false",  # plain http on loopback, as a browser would send them
            "MEDIA_ROOT": str(directory / "media"),
            "STATIC_ROOT": str(directory),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "TASKS_BACKEND": "database",
            "PROXY_COUNT": "1",
            "LOG_LEVEL": "ERROR",
        }
    )
    os.environ.pop("CACHE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.server import gunicorn, task_workers

    call_command("migrate", verbosity=0)
    connection.close()
    with gunicorn() as address, task_workers(2):
        call = create_call()
        report = rush(address, call, pitches)
        report["mail_queue_empty_after_s"] = wait_for_empty_mail_queue()
    report.update(count_rows(call, pitches))
    report.update(count_mails(mail_dir, pitches))
    return report


def create_call():
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from tests.factories import make_call

    now = timezone.now()
    call = make_call(
        slug="rush",
        pitch_deadline=now + dt.timedelta(seconds=SECONDS_BEFORE_DEADLINE),
        writeup_deadline=now + dt.timedelta(days=30),
    )
    connection.close()
    return call


def pitch_data(number: int) -> dict:
    from tests.factories import pitch_post_data

    # The short pitch: the submitter is the enterprise's contact person (their side).
    return pitch_post_data(
        title=f"Kafé i kommune {number}",
        submitter_name=f"Kari {number}",
        submitter_email=submitter(number),
        submitter_side="enterprise",
    )


def submitter(number: int) -> str:
    return f"innsender{number}@example.no"


class Browser:
    """One person's browser: its own cookies, one connection per request (gunicorn's sync
    workers close each connection anyway)."""

    def __init__(self, address, client_address: str):
        self.address = address
        self.origin = f"http://{address[0]}:{address[1]}"
        self.cookies = {}
        # As our proxy would tell gunicorn where the browser is (settings.PROXY_COUNT).
        self.forwarded_for = client_address

    def request(self, method: str, path: str, body: dict | None = None):
        connection = http.client.HTTPConnection(*self.address, timeout=120)
        headers = {
            "Host": f"{self.address[0]}:{self.address[1]}",
            "X-Forwarded-For": self.forwarded_for,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        encoded = None
        if body is not None:
            encoded = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        try:
            connection.request(method, path, body=encoded, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location"), content
        finally:
            connection.close()


def rush(address, call, pitches: int) -> dict:
    """Every browser GETs the form, then all POST at the same moment and follow the redirect."""
    path = f"/send-inn/utlysning/{call.slug}/"
    datas = [pitch_data(number) for number in range(pitches)]
    barrier = threading.Barrier(pitches)
    results = [None] * pitches
    lock = threading.Lock()
    counts = Counter()

    def count(key):
        with lock:
            counts[key] += 1

    def person(number):
        browser = Browser(address, str(ipaddress.ip_address("10.1.0.1") + number))
        outcome = {"form": None, "post": None, "thanks": None, "latency": None}
        try:
            status, _location, content = browser.request("GET", path)
            count("requests")
            outcome["form"] = status
            token = CSRF_INPUT.search(content.decode())
            if status != 200 or token is None or "csrftoken" not in browser.cookies:
                return
            key = FORM_KEY_INPUT.search(content.decode())
            data = {
                **datas[number],
                "csrfmiddlewaretoken": token.group(1),
                "form_key": key.group(1) if key else "",
            }
        finally:
            barrier.wait()
        try:
            started = time.perf_counter()
            status, location, _content = browser.request("POST", path, data)
            outcome["latency"] = time.perf_counter() - started
            count("requests")
            outcome["post"] = status
            if status == 302 and location:
                thanks, _location, _content = browser.request("GET", urlsplit(location).path)
                count("requests")
                outcome["thanks"] = thanks
        except OSError as error:
            outcome["post"] = repr(error)
        finally:
            results[number] = outcome

    threads = [threading.Thread(target=person, args=(n,)) for n in range(pitches)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    from django.utils import timezone

    seconds_left = (call.pitch_deadline - timezone.now()).total_seconds()
    latencies = sorted(r["latency"] for r in results if r and r["latency"] is not None)
    errors = sum(
        1
        for r in results
        if r is None or r["form"] != 200 or r["post"] != 302 or r["thanks"] != 200
    )
    return {
        "pitches": pitches,
        "requests": counts["requests"],
        "errors": errors,
        "post_p50_ms": round(statistics.median(latencies) * 1000) if latencies else None,
        "post_p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000)
        if latencies
        else None,
        "post_max_ms": round(latencies[-1] * 1000) if latencies else None,
        "seconds_left_before_deadline": round(seconds_left),
    }


def wait_for_empty_mail_queue(timeout: float = 300) -> float:
    """Seconds after the rush until the workers have taken every queued e-mail."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    started = time.monotonic()
    while (
        DBTaskResult.objects.ready().exists()
        or DBTaskResult.objects.filter(status="RUNNING").exists()
    ):
        if time.monotonic() - started > timeout:
            break
        connection.close()
        time.sleep(0.5)
    return round(time.monotonic() - started, 1)


def count_rows(call, pitches: int) -> dict:
    from submissions.models import Person, Submission

    stored = Submission.objects.filter(call=call)
    titles = set(stored.values_list("title", flat=True))
    return {
        "stored": stored.count(),
        "lost": sum(f"Kafé i kommune {n}" not in titles for n in range(pitches)),
        "people": Person.objects.filter(submission__call=call).count(),
    }


def count_mails(mail_dir: Path, pitches: int) -> dict:
    """The file backend writes each connection's messages to one file, separated by a line of
    79 dashes."""
    recipients = Counter()
    for path in mail_dir.iterdir():
        for part in path.read_text().split("-" * 79):
            if part.strip():
                recipients[email.message_from_string(part.strip())["To"]] += 1
    confirmations = [recipients[submitter(n)] for n in range(pitches)]
    return {
        "submitters_with_one_confirmation": sum(c == 1 for c in confirmations),
        "submitters_with_none": sum(c == 0 for c in confirmations),
        "submitters_with_more": sum(c > 1 for c in confirmations),
    }


def met_target(result: dict) -> bool:
    return (
        result["errors"] == 0
        and result["lost"] == 0
        and result["stored"] == result["pitches"]
        and result["submitters_with_one_confirmation"] == result["pitches"]
    )


# --- Report ---


def print_table(results: list[dict]):
    columns = [
        ("database", "database"),
        ("pitches", "pitches"),
        ("requests", "requests"),
        ("errors", "errors"),
        ("p50 ms", "post_p50_ms"),
        ("p99 ms", "post_p99_ms"),
        ("max ms", "post_max_ms"),
        ("stored", "stored"),
        ("lost", "lost"),
        ("1 mail each", "submitters_with_one_confirmation"),
        ("queue empty s", "mail_queue_empty_after_s"),
        ("s to deadline", "seconds_left_before_deadline"),
    ]
    print("  ".join(f"{title:>13}" for title, _key in columns))
    for result in results:
        print("  ".join(f"{result[key]!s:>13}" for _title, key in columns))
    for result in results:
        verdict = "target met" if met_target(result) else "TARGET MISSED"
        print(f"{result['database']}: {verdict} {json.dumps(result)}")


if __name__ == "__main__":
    main()
