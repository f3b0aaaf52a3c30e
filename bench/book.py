"""Build the PDF book for 50, 200 and 500 generated cases and compare with WeasyPrint alone.

    .venv/bin/python bench/book.py                 # 50, 200 and 500 cases
    .venv/bin/python bench/book.py --cases 50 100  # other sizes

For each size: a temporary SQLite database gets that many published cases (about one page of
text each, six answers, five themes, contacts with book consent), then, each in a fresh child
process so that its peak memory (ru_maxrss) is its own:

- "book": `book.render.build_book()` (queries, templates, Markdown, WeasyPrint with the URL
  fetcher, PDF/UA-1), timed from the call to the PDF bytes;
- "floor": WeasyPrint alone on the same final HTML and stylesheet (default fetcher), from
  parsing to the PDF bytes.

Each is run `--repeat` times (2), alternating, and the run with the least CPU time counts. The
ratio is of CPU time (process user + system time), which other work on a busy machine disturbs
far less than wall-clock time; both are printed. Prints one JSON line per size and a table.

Then the PDF of one case alone (/eksempler/<slug>.pdf, book/case_pdf.py), in a process that has
imported WeasyPrint already (a warm gunicorn worker): an ordinary case of the generated ones,
and the longest the forms allow (title, pitch and every answer at their maximum length), from
loading the case to the PDF bytes, the fastest of `--repeat` + 1 runs.

Budgets (checked, printed, and the exit status is 1 when one is missed): book/floor at most 1.1
at every size, peak memory below 1 GiB at 500 cases (at the largest size run), and an ordinary
case's PDF in under a second. Time should also grow linearly with the number of cases. Never
touches DATABASE_URL or the project's db.sqlite3.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_RATIO = 1.1
MAX_PEAK_MIB = 1024
MAX_CASE_PDF_S = 1.0
ANSWER = (
    "Kommunen og den sosiale entreprenøren startet med et lite forsøk i én bydel. "
    "Deltakerne fikk arbeidstrening, veiledning og en fast kontaktperson, og etter et år "
    "var flere i jobb eller utdanning enn i sammenligningsgruppen. "
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--child", choices=["migrate", "generate", "book", "floor", "case"])
    parser.add_argument("--html", type=Path)
    parser.add_argument(
        "--repeat", type=int, default=2, help="Runs of each, alternating; the fastest counts."
    )
    args = parser.parse_args()
    if args.child:
        return child(args)
    with tempfile.TemporaryDirectory() as directory:
        directory = Path(directory)
        template = directory / "template.sqlite3"
        run_child("migrate", template)
        rows = []
        for count in args.cases:
            database = directory / f"cases-{count}.sqlite3"
            shutil.copy(template, database)
            run_child("generate", database, "--cases", str(count))
            html = directory / f"book-{count}.html"
            books, floors = [], []
            for _run in range(args.repeat):  # alternating, so load from elsewhere hits both
                books.append(run_child("book", database, "--html", str(html)))
                floors.append(run_child("floor", database, "--html", str(html)))
            book = min(books, key=lambda result: result["cpu"])
            floor = min(floors, key=lambda result: result["cpu"])
            row = {
                "cases": count,
                "pages": book["pages"],
                "book_s": book["seconds"],
                "book_cpu_s": book["cpu"],
                "book_peak_mib": book["peak_mib"],
                "floor_s": floor["seconds"],
                "floor_cpu_s": floor["cpu"],
                "floor_peak_mib": floor["peak_mib"],
                "ratio": round(book["cpu"] / floor["cpu"], 3),
                "cpu_s_per_page": round(book["cpu"] / book["pages"], 4),
            }
            print(json.dumps(row), flush=True)
            rows.append(row)
        database = directory / f"cases-{args.cases[0]}.sqlite3"
        single = run_child("case", database, "--repeat", str(args.repeat + 1))
        print(json.dumps(single), flush=True)
    print_table(rows)
    print_single(single)
    missed = over_budget(rows, single)
    for line in missed:
        print(f"OVER BUDGET: {line}")
    print("All budgets kept." if not missed else f"{len(missed)} budget(s) missed.")
    return 1 if missed else 0


def over_budget(rows: list[dict], single: dict) -> list[str]:
    """The budgets missed, as sentences (none: all kept)."""
    missed = [
        f"{row['cases']} cases: book/floor {row['ratio']} > {MAX_RATIO}"
        for row in rows
        if row["ratio"] > MAX_RATIO
    ]
    largest = max(rows, key=lambda row: row["cases"])
    if largest["book_peak_mib"] >= MAX_PEAK_MIB:
        missed.append(f"{largest['cases']} cases: peak {largest['book_peak_mib']} MiB")
    if single["ordinary"]["seconds"] >= MAX_CASE_PDF_S:
        missed.append(f"one ordinary case's PDF: {single['ordinary']['seconds']} s")
    return missed


def run_child(step: str, database: Path, *extra: str) -> dict:
    environment = {
        **os.environ,
        "SQLITE_PATH": str(database),
        "DJANGO_SETTINGS_MODULE": "kokebok.settings",
        "LOG_LEVEL": "ERROR",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    environment.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [sys.executable, __file__, "--child", step, *extra],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"bench/book.py: step {step} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def child(args) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if args.child == "migrate":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        result = {}
    elif args.child == "generate":
        result = generate(args.cases[0])
    elif args.child == "book":
        result = measure_book(args.html)
    elif args.child == "case":
        result = measure_single_cases(args.repeat)
    else:
        result = measure_floor(args.html)
    print(json.dumps(result))
    return 0


def generate(count: int) -> dict:
    from submissions.models import Answer
    from tests.factories import make_call, make_case, make_theme

    call = make_call()
    themes = [make_theme(slug=f"tema-{n}", name=f"Tema {n}", position=n) for n in range(5)]
    for number in range(count):
        make_case(
            call,
            title=f"Eksempel {number + 1}: samarbeid om arbeidstrening",
            main_theme=themes[number % len(themes)],
            answer=ANSWER * 3,
            link="https://eksempel.example.no/",
        )
    return {"cases": count, "answers": Answer.objects.count()}


def measure_book(html_path: Path) -> dict:
    import weasyprint  # noqa: F401 (imported before timing, as in a running server)

    from book.render import BookOptions, build_book

    started, cpu_started = time.perf_counter(), time.process_time()
    book = build_book(BookOptions(number=1))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    html_path.write_text(book.source.html)
    return {
        "seconds": round(seconds, 2),
        "cpu": round(cpu, 2),
        "pages": book.pages,
        "peak_mib": peak_mib(),
    }


def measure_floor(html_path: Path) -> dict:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from book.render import READER_VARIANT, asset_root

    html = html_path.read_text()
    root = asset_root()
    started, cpu_started = time.perf_counter(), time.process_time()
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(root / "book.css"), font_config=fonts)
    pdf = HTML(string=html, base_url=root.as_uri() + "/").write_pdf(
        stylesheets=[stylesheet], font_config=fonts, pdf_variant=READER_VARIANT
    )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "seconds": round(seconds, 2),
        "cpu": round(cpu, 2),
        "bytes": len(pdf),
        "peak_mib": peak_mib(),
    }


def measure_single_cases(repeat: int) -> dict:
    """One case's PDF as /eksempler/<slug>.pdf builds it: an ordinary case, then the longest
    allowed (made here, in this size's copy of the database, after the book was measured)."""
    import weasyprint  # noqa: F401 (a warm worker has it)

    from submissions.models import (
        ANSWER_MAX_CHARS,
        PITCH_SUMMARY_MAX_CHARS,
        TITLE_MAX_CHARS,
        Call,
        Submission,
    )
    from tests.factories import make_case

    ordinary = Submission.objects.published().order_by("pk").first()
    longest = make_case(
        Call.objects.first(),
        title=long_text(TITLE_MAX_CHARS),
        summary=long_text(PITCH_SUMMARY_MAX_CHARS),
        answer=long_text(ANSWER_MAX_CHARS),
    )
    return {
        "ordinary": time_case_pdf(ordinary.pk, repeat),
        "longest": time_case_pdf(longest.pk, repeat),
    }


def long_text(length: int) -> str:
    """Ordinary Norwegian prose in paragraphs, exactly `length` characters."""
    paragraph = ANSWER * 4 + "\n\n"
    return (paragraph * (length // len(paragraph) + 1))[:length].strip() or "x"


def time_case_pdf(case_id: int, repeat: int) -> dict:
    from book import case_pdf, render
    from tests.pdf import read_pdf

    runs = []
    for _run in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        pdf = render.case_alone_pdf(case_pdf.case_html(case_id))
        runs.append((time.perf_counter() - started, time.process_time() - cpu_started, pdf))
    seconds, cpu, pdf = min(runs, key=lambda run: run[1])
    return {
        "seconds": round(seconds, 2),
        "cpu": round(cpu, 2),
        "pages": len(read_pdf(pdf).pages),
        "bytes": len(pdf),
    }


def print_single(single: dict):
    print()
    print("one case alone (warm process):")
    for kind in ("ordinary", "longest"):
        run = single[kind]
        print(f"  {kind:>9}: {run['seconds']} s ({run['cpu']} s CPU), {run['pages']} pages")


def peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # kB on Linux


def print_table(rows):
    columns = [
        ("cases", "cases"),
        ("pages", "pages"),
        ("book s", "book_s"),
        ("floor s", "floor_s"),
        ("book cpu", "book_cpu_s"),
        ("floor cpu", "floor_cpu_s"),
        ("ratio", "ratio"),
        ("cpu/page", "cpu_s_per_page"),
        ("book MiB", "book_peak_mib"),
        ("floor MiB", "floor_peak_mib"),
    ]
    print()
    print(" ".join(f"{title:>9}" for title, _key in columns))
    for row in rows:
        print(" ".join(f"{row[key]:>9}" for _title, key in columns))


if __name__ == "__main__":
    sys.exit(main())
