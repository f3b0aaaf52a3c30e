"""Send N pitches at once from N threads into a fresh SQLite file and report what was stored.

    .venv/bin/python bench/concurrent_pitches.py --pitches 200

Proves the SQLite settings (WAL, IMMEDIATE transactions, busy timeout) under a deadline rush:
every pitch is stored and no request fails with "database is locked". With --same-key every
thread posts the same page (one form key, as a double click or two tabs do): one pitch is
stored, and every request is answered with the confirmation, none with an error. Always uses its own
temporary SQLite file, never DATABASE_URL. Prints one JSON line.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pitches", type=int, default=200)
    parser.add_argument("--same-key", action="store_true", help="one page posted N times")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(Path(directory) / "rush.sqlite3")
        os.environ["RATE_LIMIT_PITCH"] = str(args.pitches + 1)
        # Every pitch of the rush comes from one address, too.
        os.environ["RATE_LIMIT_PITCH_PER_CASE"] = str(args.pitches + 1)
        # And each pitch mails that one address (the "mail" limits count every such e-mail).
        os.environ["RATE_LIMIT_MAIL"] = str(args.pitches + 1)
        os.environ["RATE_LIMIT_MAIL_PER_CASE"] = str(args.pitches + 1)
        os.environ["RATE_LIMIT_FORM_POST"] = str(args.pitches + 1)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokebok.settings")
        os.environ["LOG_LEVEL"] = "ERROR"
        sys.path.insert(0, str(ROOT))
        print(json.dumps(run(args.pitches, same_key=args.same_key)))


def run(pitches: int, *, same_key: bool = False) -> dict:
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from submissions.models import Submission
    from tests.factories import make_call, pitch_post_data

    setup_test_environment()  # locmem e-mail, so nobody is mailed
    call_command("migrate", verbosity=0)
    make_call(pitch_deadline=_in_days(1), writeup_deadline=_in_days(7))
    key = str(uuid.uuid4())
    data = [
        pitch_post_data(form_key=key) if same_key else pitch_post_data(title=f"Pitch {i}")
        for i in range(pitches)
    ]
    connection.close()
    statuses, latencies = [], []
    barrier = threading.Barrier(pitches)

    def send(payload):
        client = Client(REMOTE_ADDR="127.0.0.1")
        barrier.wait()
        started = time.perf_counter()
        try:
            statuses.append(client.post("/send-inn/", payload).status_code)
        except Exception as error:  # the report counts every kind of failure
            statuses.append(repr(error))
        latencies.append(time.perf_counter() - started)
        connection.close()

    threads = [threading.Thread(target=send, args=(payload,)) for payload in data]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "pitches": pitches,
        "errors": sum(status != 302 for status in statuses),
        "stored": Submission.objects.count(),
        "emails": len(mail.outbox),
        "p50_ms": round(statistics.median(latencies) * 1000),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000),
    }


def _in_days(days):
    import datetime as dt

    from django.utils import timezone

    return timezone.now() + dt.timedelta(days=days)


if __name__ == "__main__":
    main()
