"""The load scripts run in CI with small numbers, so the README's commands keep working."""

import json

from tests.benchmarks import run_bench


def test_a_small_deadline_rush_through_gunicorn_loses_nothing():
    last = run_bench("load.py", "--pitches", "20")[-1]
    report = json.loads(last[last.index("{") :])
    assert report["database"] == "sqlite"
    assert (report["errors"], report["stored"], report["lost"]) == (0, 20, 0)
    assert report["submitters_with_one_confirmation"] == 20
    assert report["requests"] == 60


def test_pages_and_whole_pdfs_are_served_while_the_book_is_built():
    report = json.loads(run_bench("read_while_building.py", "--cases", "3")[-2])
    assert report["new_pdf"] is True
    for phase in ("baseline", "during_build"):
        assert report[phase]["errors"] == 0
        assert report[phase]["pdf_not_whole"] == 0
    assert report["during_build"]["requests"] > 0
