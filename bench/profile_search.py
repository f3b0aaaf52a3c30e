"""Where a different search's Python time goes, in one process (no server, no load generator).

    .venv/bin/python bench/profile_search.py               # SQLite, 1,000 cases, 200 searches
    .venv/bin/python bench/profile_search.py --database-url postgresql://u:p@host/empty_db
    .venv/bin/python bench/profile_search.py --top 40 --sort cumulative

Loads the cases as bench/public_pages.py does, renders every list page once (the cards, as
between two publications), sends 400 different searches through Django's test client
unmeasured, then times `--searches` others with the process's CPU clock (steadier than a rate
on a shared machine) and profiles as many more with cProfile, printing the top entries. Each
search is an address sent once, so the page cache never serves it.
"""

import argparse
import cProfile
import io
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
        started = time.process_time()
        for path in timed:
            _get(client, path)
        per_search = (time.process_time() - started) / len(timed) * 1000
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
        print(f"{per_search:.2f} ms, the floor {floor:.2f} ms (ratio {floor / per_search:.3f})\n")
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats(args.sort)
        stats.print_stats(args.top)
        if args.callers:
            stats.print_callers(args.callers)
        print(out.getvalue())


def _get(client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")


if __name__ == "__main__":
    main()
