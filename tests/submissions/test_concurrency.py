import json

from tests.benchmarks import run_bench


def test_a_rush_of_pitches_on_sqlite_loses_none_and_locks_none():
    """40 pitches posted at the same instant from 40 threads into a SQLite file: all stored."""
    report = json.loads(run_bench("concurrent_pitches.py", "--pitches", "40", timeout=120)[-1])
    assert (report["errors"], report["stored"]) == (0, 40)


def test_one_page_posted_from_many_threads_at_once_makes_one_pitch_and_one_email():
    """A double click or two tabs racing: the same form key from 12 threads at the same instant.
    One pitch and one e-mail; every request gets the confirmation, none an error."""
    report = json.loads(
        run_bench("concurrent_pitches.py", "--pitches", "12", "--same-key", timeout=120)[-1]
    )
    assert (report["errors"], report["stored"], report["emails"]) == (0, 1, 1)
