"""EXPLAIN (ANALYZE, BUFFERS) of a search's one query (the ids of the matching cases in order, as
one array), on PostgreSQL, with the bench's published cases.

    .venv/bin/python bench/search_explain.py --database-url postgresql://u:p@host/db --cases 10000

Loads `--cases` published cases as bench/public_pages.py does into the database (migrated here)
if it does not hold that many already, runs ANALYZE, then for each of a few searches prints the
plan's execution time, the buffers read, the plan's top lines and the best of five wall-clock
times of the query through Django. Kept in the database, so a second run (after a change to the
search) measures the same data: run `manage.py refresh_search` first if the documents changed.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A rare word ("17" is in one title), the bench's common words (in nearly every case),
# and websearch syntax.
SEARCHES = ["17", "sykkel", "sykkel eldre", '"sosial entreprenør"', "kafé -pilot"]
PLAN_LINES = 12


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database")
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        _set_up(Path(directory), args.database_url)
        _load(args.cases)
        for words in SEARCHES:
            _explain(words)


def _set_up(directory: Path, url: str):
    os.environ["DATABASE_URL"] = url
    os.environ["MEDIA_ROOT"] = str(directory / "media")
    os.environ["STATIC_ROOT"] = str(directory)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["LOG_LEVEL"] = "ERROR"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _load(count: int):
    from django.core.management import call_command
    from django.db import connection

    from bench.public_pages import _create_cases
    from submissions.models import Submission

    call_command("migrate", verbosity=0)
    if Submission.objects.published().count() != count:
        if Submission.objects.exists():
            sys.exit("The database holds other cases: give an empty one.")
        started = time.perf_counter()
        _create_cases(random.Random(2026), count)  # noqa: S311 (made-up text, no secret)
        print(f"Loaded {count} cases in {time.perf_counter() - started:.1f} s.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _explain(words: str):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from publishing import selectors

    documents = selectors.search_published_documents(words)
    with CaptureQueriesContext(connection) as query:
        selectors.ordered_case_ids(documents, "relevance")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query.captured_queries[-1]['sql']}")
        plan = [row[0] for row in cursor.fetchall()]
    times = []
    for _ in range(5):
        started = time.perf_counter()
        found = len(selectors.ordered_case_ids(documents.all(), "relevance"))  # no result cache
        times.append(time.perf_counter() - started)
    print(f"\n== {words!r}: {found} cases, best of 5 through Django {min(times) * 1000:.1f} ms")
    print("\n".join(plan[:PLAN_LINES]))
    print("\n".join(line for line in plan[PLAN_LINES:] if "Time" in line))


if __name__ == "__main__":
    main()
