"""Small runs of the scripts in bench/, as the README runs them, so that they keep working."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_bench(script: str, *args: str, timeout: int = 300) -> list[str]:
    """Run bench/<script> with `args`; fails the test with its output unless it succeeds.
    Returns the lines it printed."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, f"bench/{script}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()
