"""gunicorn on a free loopback port for the length of a with-block, shared by the benchmarks."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class gunicorn:  # noqa: N801 (used as a context manager, like open())
    """gunicorn with the project's gunicorn.conf.py and 2 workers; the block starts once
    `ready_path` answers 200."""

    def __init__(self, *, ready_path: str = "/helse/", threads: int = 0):
        self.ready_path = ready_path
        self.threads = threads

    def __enter__(self) -> tuple[str, int]:
        self.address = ("127.0.0.1", free_port())
        # Named even though gunicorn reads ./gunicorn.conf.py by default: the benches measure
        # the settings production runs with, whatever the directory.
        config = ["-c", str(ROOT / "gunicorn.conf.py")]
        if self.threads:
            config.append(f"--threads={self.threads}")
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                *config,
                "kokebok.wsgi:application",
                "--workers=2",
                f"--bind={self.address[0]}:{self.address[1]}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        wait_until_up(self.address, self.ready_path)
        return self.address

    def __exit__(self, *exc_info):
        self.process.terminate()
        self.process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(address, path: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(*address, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


class task_workers:  # noqa: N801 (used as a context manager, like open())
    """`count` processes of `manage.py db_worker` (the e-mail queue) for the length of a block."""

    def __init__(self, count: int = 2):
        self.count = count

    def __enter__(self):
        command = [sys.executable, "manage.py", "db_worker", "--queue-name", "default"]
        command += ["--interval", "0.2", "--no-reload", "--no-startup-delay", "-v0"]
        self.processes = [
            subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})  # noqa: S603
            for _ in range(self.count)
        ]
        return self

    def __exit__(self, *exc_info):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=60)
