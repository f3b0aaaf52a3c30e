"""The load scripts run in CI with small numbers, so the README's commands keep working."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_small_deadline_rush_through_gunicorn_loses_nothing():
    result = subprocess.run(
        [sys.executable, "bench/load.py", "--pitches", "20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    report = json.loads(last[last.index("{") :])
    assert report["database"] == "sqlite"
    assert (report["errors"], report["stored"], report["lost"]) == (0, 20, 0)
    assert report["submitters_with_one_confirmation"] == 20
    assert report["requests"] == 60


def test_pages_and_whole_pdfs_are_served_while_the_book_is_built():
    result = subprocess.run(
        [sys.executable, "bench/read_while_building.py", "--cases", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-2])
    assert report["new_pdf"] is True
    for phase in ("baseline", "during_build"):
        assert report[phase]["errors"] == 0
        assert report[phase]["pdf_not_whole"] == 0
    assert report["during_build"]["requests"] > 0
