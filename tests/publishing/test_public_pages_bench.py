"""bench/public_pages.py keeps working with its options (a small run, SQLite)."""

from tests.benchmarks import run_bench


def test_the_public_pages_bench_runs_small_with_a_burst():
    lines = run_bench("public_pages.py", "--cases", "20", "--seconds", "2", "--burst")
    report = "\n".join(lines)
    assert "sqlite, 20 published cases" in report
    rows = {line.split()[0]: line.split() for line in lines if line.split()}
    for page in ("floor", "home", "list", "search", "case", "searches"):
        assert float(rows[page][-2 if page == "floor" else -3]) > 0, report
    assert "of its rate alone" in report
    assert "searchers who wait Retry-After when refused" in report
