"""Requests per second of the public pages under gunicorn, next to the framework's floor.

    .venv/bin/python bench/public_pages.py            # about a minute
    .venv/bin/python bench/public_pages.py --uncached # the same without the page cache
    .venv/bin/python bench/public_pages.py --database-url postgresql://u:p@host/empty_db
    .venv/bin/python bench/public_pages.py --cases 10000 --burst

Loads 1,000 published cases (--cases) into a temporary SQLite file, starts gunicorn with 2
workers on a free loopback port, and for each page sends requests from 8 concurrent connections
for a few seconds: the home page, the list of cases, a filtered search, one case, /floor/ (a
bare Django view returning a static page as large as the list, only in bench/urls.py), and
"searches": a different search on nearly every request, as many readers typing their own words
would send, which the page cache cannot serve. Prints requests per second and the ratio to the
floor. Targets: "searches" at least 0.1 of the floor on SQLite and 0.15 on PostgreSQL (0.08 at
10,000 cases), every other page at least 0.5.

With --database-url (an empty PostgreSQL database; its tables are created and left there) it
measures SQLite first, then that database, and prints both tables. --burst adds: the list
page's rate alone, then while a second load sends different searches; the target is at least
half its rate alone. Searches answered "busy" (503, when every search slot is taken:
publishing/search_slots.py) are not counted as served. It then measures the list again while
searchers who are refused wait the busy page's Retry-After before asking again (the Python load
generator, whose waits hold no connection open), as readers told to try again in a moment do.

Uses wrk (https://github.com/wg/wrk; Debian's package `wrk`) if it is installed, with a small
Lua script for the different searches, otherwise a load generator of its own (two processes
with four threads each, which takes CPU from the server on a small machine). It installs
nothing.
"""

import argparse
import http.client
import itertools
import multiprocessing
import multiprocessing.pool
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CASES = 1000
TARGET_RATIO = 0.5
SEARCHES_TARGET = {"sqlite": 0.1, "postgresql": 0.15}
SEARCHES_TARGET_LARGE = {"postgresql": 0.08}  # from 10,000 cases
BURST_TARGET = 0.5
# Different searches: a quarter to warm up, the rest measured; more for the burst.
SEARCHES = 4000
BURST_SEARCHES = 2000
# The burst again with readers who wait as the busy page asks: far fewer requests.
WAITING_SEARCHES = 1000
CONNECTIONS = 8
BUSY = 503  # every search slot taken (publishing/search_slots.py)
WORDS = "kommune sosial entreprenør kafé arbeid ungdom skole bibliotek språk sykkel eldre omsorg"
WORDS += " rus middag avtale pilot tilskudd samarbeid mestring fellesskap nabolag frivillig læring"
VOCABULARY = WORDS.split()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measuring time per page")
    parser.add_argument("--uncached", action="store_true", help="turn the page cache off")
    parser.add_argument(
        "--database-url", default="", help="an empty PostgreSQL database, measured after SQLite"
    )
    parser.add_argument("--cases", type=int, default=CASES, help="published cases to load")
    parser.add_argument(
        "--burst", action="store_true", help="also the list page during different searches"
    )
    parser.add_argument(
        "--threads", type=int, default=0, help="gunicorn threads per worker (default: sync)"
    )
    parser.add_argument(
        "--cold-cards",
        action="store_true",
        help="measure before the cases' cards are rendered (as just after a publication)",
    )
    parser.add_argument("--only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.database_url and not args.only:
        # One process per database: Django is set up once per process.
        for url in ("", args.database_url):
            command = [sys.executable, __file__, *_options(args), "--only"]
            subprocess.run([*command, "--database-url", url] if url else command, check=True)  # noqa: S603 (this script)
        return
    with tempfile.TemporaryDirectory() as directory:
        _set_environment(Path(directory), args)
        sys.path.insert(0, str(ROOT))
        pages = load_cases(args.cases)
        from bench.server import gunicorn

        with gunicorn(ready_path="/floor/", threads=args.threads) as address:
            if not args.cold_cards:
                warm_cards(address, args.cases)
            results = [
                (name, paths, measure(address, paths, args.seconds))
                for name, paths in pages
                if not name.startswith("burst")
            ]
            burst = measure_burst(address, dict(pages), args.seconds) if args.burst else None
    print_table(results, args=args, burst=burst)


def _options(args) -> list[str]:
    options = ["--seconds", str(args.seconds), "--cases", str(args.cases)]
    options += ["--threads", str(args.threads)] + ["--cold-cards"] * args.cold_cards
    return options + ["--uncached"] * args.uncached + ["--burst"] * args.burst


def _set_environment(directory: Path, args):
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ["SQLITE_PATH"] = str(directory / "bench.sqlite3")
    os.environ["MEDIA_ROOT"] = str(directory / "media")
    # The run's own search slots (publishing/search_slots.py), not the installation's.
    os.environ["SEARCH_SLOT_DIR"] = str(directory / "search-slots")
    os.environ["STATIC_ROOT"] = str(directory)  # exists, so WhiteNoise does not warn
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "false"
    os.environ["LOG_LEVEL"] = "ERROR"
    if args.uncached:
        os.environ["BENCH_UNCACHED"] = "1"


# --- Data ---


def load_cases(count: int) -> list[tuple[str, str]]:
    """Migrate, load the published cases, and return the pages to measure."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    slug = _create_cases(random.Random(2026), count)  # noqa: S311 (made-up text, no secret)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load
    print(f"Loaded {count} published cases in {time.perf_counter() - started:.1f} s.")
    # The floor page is as large as the list of cases (rendered once here, uncached).
    os.environ["BENCH_FLOOR_BYTES"] = str(len(Client().get("/eksempler/").content))
    connection.close()
    count = SEARCHES + BURST_SEARCHES + WAITING_SEARCHES
    searches = varied_searches(random.Random(7), count)  # noqa: S311 (made-up)
    burst_end = SEARCHES + BURST_SEARCHES
    return [
        ("floor", ["/floor/"]),
        ("home", ["/"]),
        ("list", ["/eksempler/"]),
        ("search", ["/eksempler/?" + urlencode({"q": "kafé", "county": "03", "form": "pilot"})]),
        ("case", [f"/eksempler/{slug}/"]),
        ("searches", searches[:SEARCHES]),
        # Only for --burst, none sent before.
        ("burst", searches[SEARCHES:burst_end]),
        ("burst-waiting", searches[burst_end:]),
    ]


def varied_searches(rng: random.Random, count: int) -> list[str]:
    """Searches for one or two words, some with a county, nearly all different."""
    counties = ["", "03", "46", "50", "18", "34"]
    searches = set()
    while len(searches) < count:
        words = " ".join(rng.sample(VOCABULARY, rng.choice((1, 2))))
        query = {"q": words, "county": rng.choice(counties), "page": rng.choice(("1", "2", "3"))}
        searches.add("/eksempler/?" + urlencode({k: v for k, v in query.items() if v}))
    return sorted(searches, key=lambda _: rng.random())


def _create_cases(rng: random.Random, count: int) -> str:
    """Bulk-insert published cases shaped like real ones; returns the slug of one of them."""
    from django.utils import timezone

    from kokebok.management.commands.seed_demo import THEMES
    from publishing.services import refresh_search_documents
    from submissions import services
    from submissions.models import (
        Answer,
        Call,
        Consent,
        ConsentPurpose,
        Municipality,
        Person,
        SocialEnterprise,
        Submission,
        Theme,
    )

    now = timezone.now()
    call = Call.objects.create(
        title="Benchmark", slug="benchmark", pitch_deadline=now, writeup_deadline=now
    )
    services.add_default_questions(call)
    questions = list(call.questions.all())
    themes = [Theme.objects.create(slug=t[0], name=t[1], name_en=t[3]) for t in THEMES]
    places = list(Municipality.objects.all())
    forms = Submission.CollaborationForm.values

    def text(words: int) -> str:
        return " ".join(rng.choice(VOCABULARY) for _ in range(words)).capitalize() + "."

    cases = Submission.objects.bulk_create(
        Submission(
            call=call,
            state=Submission.State.PUBLISHED,
            title=f"{text(5)[:-1]} {number}",
            summary=text(60),
            collaboration_form=rng.choice(forms),
            submitter_name="Benk Mark",
            submitter_email=f"benk{number}@example.no",
            slug=f"eksempel-{number}",
            published_at=now - timezone.timedelta(hours=number),
            main_theme=rng.choice(themes),
        )
        for number in range(count)
    )
    Answer.objects.bulk_create(
        Answer(submission=case, question=question, text=text(100))
        for case in cases
        for question in questions
    )
    SocialEnterprise.objects.bulk_create(
        SocialEnterprise(submission=case, name=f"{rng.choice(VOCABULARY).capitalize()} AS")
        for case in cases
    )
    Submission.municipalities.through.objects.bulk_create(
        Submission.municipalities.through(submission=case, municipality=place)
        for case in cases
        for place in rng.sample(places, rng.choice((1, 1, 2)))
    )
    Submission.themes.through.objects.bulk_create(
        Submission.themes.through(submission=case, theme=rng.choice(themes)) for case in cases
    )
    people = Person.objects.bulk_create(
        Person(submission=case, side=side, name="Kari Kontakt", email="kari@example.no")
        for case in cases
        for side in (Person.Side.MUNICIPALITY, Person.Side.ENTERPRISE)
    )
    Consent.objects.bulk_create(
        Consent(person=person, purpose=ConsentPurpose.WEB, granted=True, text_version="bench")
        for person in people
    )
    # Bulk inserts send no signals, so the search documents are built here.
    refresh_search_documents(Submission.objects.published())
    return cases[count // 2].slug


# --- Load ---


def measure(address, paths: list[str], seconds: float) -> float:
    """Requests per second over `paths` after a warm-up. One address is first requested 20
    times from four threads (which fills each worker's page cache). Of many (different
    searches), the first quarter is sent for `seconds` unmeasured, so that each worker holds
    what a site holds between two publications (the facets' keys, the cards of the cases those
    searches showed); the other three quarters are measured, each an address no cache holds."""
    if len(paths) == 1:
        # From four threads, so that both workers most likely hold the page in their cache (one
        # that never rendered it would otherwise render it under load, and an uncached search
        # may then find the search slot taken: publishing/search_slots.py).
        with multiprocessing.pool.ThreadPool(4) as pool:
            pool.starmap(_get_until_served, [(address, paths[0])] * 20)
        return _send(address, paths, seconds)
    warm_up = len(paths) // 4
    _send(address, paths[:warm_up], seconds)
    return _send(address, paths[warm_up:], seconds)


def warm_cards(address, cases: int):
    """Every page of the list, four times with an address of its own (which the page cache
    does not hold), so that both workers have most likely rendered every case's card: as
    between two publications on a site people browse."""
    pages = range(1, cases // 20 + 2)
    paths = [f"/eksempler/?page={page}&warm={turn}" for turn in range(4) for page in pages]
    with multiprocessing.pool.ThreadPool(4) as pool:
        pool.starmap(_get_until_served, [(address, path) for path in paths])


def _get_until_served(address, path: str) -> int:
    """Asked again while the server answers "busy" (503: every search slot taken)."""
    while (status := _get(address, path)) == BUSY:
        time.sleep(0.05)
    return status


def _send(address, paths: list[str], seconds: float, wait_when_busy=False) -> float:
    # Searchers who wait are the Python load generator's: wrk's delay() falls after it has
    # connected, and a sync worker that accepted the connection would wait with it (a slow
    # client, which a proxy in front absorbs), where a reader's browser waits unconnected.
    if shutil.which("wrk") and not wait_when_busy:
        return _measure_with_wrk(address, paths, seconds)
    return _measure_with_python(address, paths, seconds, wait_when_busy)


def measure_burst(address, pages: dict, seconds: float) -> dict[str, float]:
    """The list page's requests per second alone, then while as many connections send
    searches no cache holds (each load with its own wrk, or its own Python load generator), and
    the searches served per second meanwhile; then the same with searchers who, refused, wait
    the `Retry-After` the busy page gives, as a reader told "try again in a moment" does (wrk's
    closed loop asks again at once)."""
    alone = measure(address, pages["list"], seconds)
    during, served = _list_during_searches(address, pages["list"], pages["burst"], seconds)
    waiting, waiting_served = _list_during_searches(
        address, pages["list"], pages["burst-waiting"], seconds, wait_when_busy=True
    )
    return {
        "alone": alone,
        "during": during,
        "served": served,
        "waiting": waiting,
        "waiting_served": waiting_served,
    }


def _list_during_searches(address, listed, searches, seconds, *, wait_when_busy=False):
    """The list's rate while `searches` are sent, and the searches' served rate."""
    with multiprocessing.pool.ThreadPool(1) as pool:
        sent = pool.apply_async(_send, (address, searches, seconds + 2, wait_when_busy))
        time.sleep(1)  # the searches under way first
        during = _send(address, listed, seconds)
        return during, sent.get()


def _measure_with_wrk(address, paths: list[str], seconds: float) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        # wrk's two threads go through the paths in turn, one the even ones, one the odd.
        quoted = ",\n".join(f'"{path}"' for path in paths)
        script.write(
            f"paths = {{{quoted}}}\n"
            "threads = 0\n"
            "function setup(thread) thread:set('id', threads); threads = threads + 1 end\n"
            "function init(args) turn = 0 end\n"
            "function request()\n"
            "  turn = turn + 1\n"
            "  return wrk.format(nil, paths[(id + 2 * turn) % #paths + 1])\n"
            "end\n"
        )
        script.flush()
        output = subprocess.run(  # noqa: S603 (wrk found on PATH, our own arguments)
            [
                shutil.which("wrk"),
                "--threads=2",
                f"--connections={CONNECTIONS}",
                f"--duration={max(1, round(seconds))}s",
                f"--script={script.name}",
                f"http://{address[0]}:{address[1]}/",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    sent = int(next(line for line in output.splitlines() if "requests in" in line).split()[0])
    refused = next((int(line.split()[-1]) for line in output.splitlines() if "Non-2xx" in line), 0)
    # Searches may be answered "busy" (503, publishing/search_slots.py): only those served
    # count. A cached page must never be refused.
    if refused and len(paths) == 1:
        raise SystemExit(f"Some requests to {paths[0]} failed:\n{output}")
    if refused:
        print(f"(note: {refused} of {sent} searches were answered busy, 503)")
    if len(paths) > 1 and sent > len(paths):
        print(f"(note: {sent} requests went through {len(paths)} searches, some twice)")
    rate = float(
        next(ln for ln in output.splitlines() if ln.startswith("Requests/sec:")).split()[1]
    )
    return rate * (sent - refused) / sent if sent else 0.0


def _measure_with_python(address, paths: list[str], seconds: float, wait_when_busy=False):
    processes = 2
    # Each process takes every other path, so two processes never send the same search.
    shares = [
        (address, paths[i::processes] or paths, seconds, CONNECTIONS // processes, wait_when_busy)
        for i in range(processes)
    ]
    with multiprocessing.Pool(processes) as pool:
        counts = pool.starmap(_load, shares)
    return sum(counts) / seconds


def _load(address, paths: list[str], seconds: float, threads: int, wait_when_busy=False) -> int:
    """Successful requests from `threads` threads in `seconds`, going through `paths` in turn;
    each request on a new connection, as gunicorn's sync workers close it anyway. With
    `wait_when_busy` a thread refused (503) waits about its Retry-After before asking again."""
    deadline = time.monotonic() + seconds
    counts = [0] * threads
    turn = itertools.count()
    pacing = random.Random()  # noqa: S311 (a reader's pause, no secret)

    def run(index):
        while time.monotonic() < deadline:
            path = paths[next(turn) % len(paths)]
            status, retry_after = _ask(address, path)
            counts[index] += status == 200
            if wait_when_busy:  # as long, give or take half: readers do not come back in step
                time.sleep(retry_after * pacing.uniform(0.5, 1.5))

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts)


def _get(address, path: str) -> int:
    return _ask(address, path)[0]


def _ask(address, path: str) -> tuple[int, float]:
    """The answer's status and the seconds its Retry-After asks to wait (0 without one)."""
    connection = http.client.HTTPConnection(*address, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, float(response.getheader("Retry-After") or 0)
    finally:
        connection.close()


# --- Report ---


def print_table(results, *, args, burst):
    from django.conf import settings
    from django.db import connection

    vendor = connection.vendor
    floor = next(rps for name, _paths, rps in results if name == "floor")
    tool = "wrk" if shutil.which("wrk") else "python load generator"
    cache = "page cache off" if args.uncached else "page cache on"
    cache += ", cards not yet rendered" if args.cold_cards else ", cards rendered"
    targets = SEARCHES_TARGET_LARGE if args.cases >= 10000 else SEARCHES_TARGET
    workers = f"2 workers with {args.threads} threads" if args.threads else "2 workers"
    print(f"\n{vendor}, {args.cases} published cases, gunicorn {workers}, {tool}, {cache}")
    slots = f"{settings.SEARCH_SLOTS} of {settings.SEARCH_WORKERS}"
    print(f"search slots while others read: {slots} (publishing/search_slots.py)\n")
    print(f"{'page':<8} {'path':<48} {'req/s':>8} {'ratio':>6}")
    for name, paths, rps in results:
        target = targets.get(vendor) if name == "searches" else TARGET_RATIO
        verdict = (
            "" if name == "floor" or target is None else "ok" if rps / floor >= target else "BELOW"
        )
        shown = paths[0] if len(paths) == 1 else f"({len(paths) - len(paths) // 4} different)"
        print(f"{name:<8} {shown:<48} {rps:>8.0f} {rps / floor:>6.2f} {verdict}")
    if burst:
        alone, during, served = burst["alone"], burst["during"], burst["served"]
        verdict = "ok" if during / alone >= BURST_TARGET else "BELOW"
        print(f"\nburst    /eksempler/ alone {alone:.0f} req/s, during different searches")
        print(f"         {during:.0f} req/s: {during / alone:.2f} of its rate alone {verdict}")
        print(f"         searches served meanwhile {served:.0f} req/s ({served / floor:.2f})")
        waiting, waiting_served = burst["waiting"], burst["waiting_served"]
        print(f"         searchers who wait Retry-After when refused: the list {waiting:.0f}")
        print(f"         req/s ({waiting / alone:.2f}), searches served {waiting_served:.0f} req/s")


if __name__ == "__main__":
    main()
