import json

from tests.benchmarks import run_bench


def test_a_rush_of_pitches_on_sqlite_loses_none_and_locks_none():
    """40 pitches posted at the same instant from 40 threads into a SQLite file: all stored."""
    report = json.loads(run_bench("concurrent_pitches.py", "--pitches", "40", timeout=120)[-1])
    assert (report["errors"], report["stored"]) == (0, 40)
