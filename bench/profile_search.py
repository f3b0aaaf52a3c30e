"""Where a different search's Python time goes, in one process (no server, no load generator).

    .venv/bin/python bench/profile_search.py               # SQLite, 1,000 cases, 200 searches
    .venv/bin/python bench/profile_search.py --database-url postgresql://u:p@host/empty_db
    .venv/bin/python bench/profile_search.py --top 40 --sort cumulative

Loads the cases as bench/public_pages.py does, renders every list page once (the cards, as
between two publications), sends 400 different searches through Django's test client
unmeasured, then times `--searches` others with the process's CPU clock (steadier than a rate
on a shared machine) and on PostgreSQL the server process's CPU clock (from /proc: the server
must run on this machine), then profiles as many more with cProfile, printing the top entries.
Each search is an address sent once, so the page cache never serves it.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import public_pages

WARM_UP = 400


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=public_pages.CASES)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    parser.add_argument("--callers", default="", help="also who calls the functions matching this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        public_pages._set_environment(
            Path(directory), argparse.Namespace(**vars(args), uncached=False)
        )
        # One search after another from one client: none is to wait for its share of the time.
        os.environ["SEARCH_DUTY"] = "1"
        public_pages.load_cases(args.cases)
        from django.db import connection
        from django.test import Client

        client = Client()
        for page in range(1, args.cases // 20 + 2):
            _get(client, f"/eksempler/?page={page}&warm=1")
        rng = random.Random(11)  # noqa: S311 (made-up searches)
        searches = public_pages.varied_searches(rng, WARM_UP + 2 * args.searches)
        warm, timed, profiled = (
            searches[:WARM_UP],
            searches[WARM_UP : WARM_UP + args.searches],
            searches[WARM_UP + args.searches :],
        )
        for path in warm:
            _get(client, path)
        database_started = _database_cpu(connection)
        started = time.process_time()
        for path in timed:
            _get(client, path)
        per_search = (time.process_time() - started) / len(timed) * 1000
        database = _per_search(database_started, _database_cpu(connection), len(timed))
        profile = cProfile.Profile()
        profile.enable()
        for path in profiled:
            _get(client, path)
        profile.disable()
        floor_started = time.process_time()
        for _ in range(len(timed)):
            _get(client, "/floor/")
        floor = (time.process_time() - floor_started) / len(timed) * 1000
        print(f"\n{connection.vendor}, {args.cases} cases, CPU per request: a different search")
        print(f"{per_search:.2f} ms, the floor {floor:.2f} ms (ratio {floor / per_search:.3f})")
        if database is not None:
            print(f"and the PostgreSQL server process's CPU per search: {database:.2f} ms")
        print()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats(args.sort)
        stats.print_stats(args.top)
        if args.callers:
            stats.print_callers(args.callers)
        print(out.getvalue())


def _database_cpu(connection) -> tuple[int, float] | None:
    """The PostgreSQL server process of `connection` and the seconds of CPU it has used, when it
    runs on this machine (its /proc entry); None on SQLite, whose work is this process's."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _per_search(started, ended, searches: int) -> float | None:
    """Milliseconds per search, if the same server process served them all."""
    if started is None or ended is None or started[0] != ended[0]:
        return None
    return (ended[1] - started[1]) / searches * 1000


def _get(client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")


if __name__ == "__main__":
    main()
