"""gunicorn.conf.py as production runs it: the app loaded once in the master, workers forked
from it (restarted cheaply), no database connection shared across a fork."""

import http.client
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.server import free_port, wait_until_up
from tests.benchmarks import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux /proc")


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.fixture
def server(tmp_path):
    """gunicorn with the project's config, restarting each worker after 3 requests."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kokebok.settings",
        "DATABASE_URL": "",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),  # /helse/ asks it SELECT 1 only
        "SEARCH_SLOT_DIR": str(tmp_path / "slots"),
        "DEBUG": "false",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--max-requests", "3"]
    command += ["--max-requests-jitter", "0", "--log-level", "info", "kokebok.wsgi:application"]
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stderr=output)  # noqa: S603
    try:
        wait_until_up(("127.0.0.1", port), "/helse/")
        yield port, process, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_workers_restarted_after_max_requests_keep_serving(server):
    port, _process, log = server
    statuses = [_get(port, "/helse/") for _ in range(30)]
    assert statuses == [200] * 30
    booted = log.read_text().count("Booting worker")
    assert booted >= 8, log.read_text()  # 2 at start and one per 3 requests since


def test_the_master_loads_the_app_and_weasyprint_before_forking(server):
    port, process, _log = server
    maps = Path(f"/proc/{process.pid}/maps").read_text()
    weasyprint = subprocess.run(
        [sys.executable, "-c", "import weasyprint"], capture_output=True, check=False
    )
    if weasyprint.returncode == 0:  # WeasyPrint's Pango, loaded by the master's on_starting
        assert "libpango" in maps
    # preload_app: the master has Django's compiled modules mapped in, not only gunicorn's.
    assert _get(port, "/helse/") == 200
    assert "_sqlite3" in maps
