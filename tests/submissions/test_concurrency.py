import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_rush_of_pitches_on_sqlite_loses_none_and_locks_none():
    """40 pitches posted at the same instant from 40 threads into a SQLite file: all stored."""
    result = subprocess.run(
        [sys.executable, "bench/concurrent_pitches.py", "--pitches", "40"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert (report["errors"], report["stored"]) == (0, 40)
