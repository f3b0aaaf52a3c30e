"""`make run`: another port with the links following it, and a clear word when the book's system
libraries are missing. Runs make itself (dry runs, or the library check alone)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def make(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    return subprocess.run(  # noqa: S603 - make, with our own Makefile
        [MAKE, "--no-print-directory", *args],
        cwd=ROOT,
        env={**environment, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def commands(output: str, name: str) -> list[str]:
    return [line for line in output.splitlines() if f"manage.py {name}" in line]


def test_port_moves_the_server_and_the_links():
    result = make("-n", "run", "PORT=8001")

    assert result.returncode == 0, result.stderr
    [runserver] = commands(result.stdout, "runserver")
    [seed_demo] = commands(result.stdout, "seed_demo")
    assert runserver.endswith("runserver 127.0.0.1:8001")
    for line in (runserver, seed_demo):
        assert line.startswith("SITE_URL='http://127.0.0.1:8001' ")


def test_the_default_port_is_8000():
    result = make("-n", "run")

    [runserver] = commands(result.stdout, "runserver")
    assert runserver.startswith("SITE_URL='http://127.0.0.1:8000' ")
    assert runserver.endswith("manage.py runserver 127.0.0.1:8000")


def test_a_site_url_already_set_is_kept():
    result = make("-n", "run", "PORT=8001", env={"SITE_URL": "https://demo.example.no"})

    [runserver] = commands(result.stdout, "runserver")
    assert runserver.startswith("SITE_URL='https://demo.example.no' ")
    assert runserver.endswith("runserver 127.0.0.1:8001")


def test_missing_book_libraries_are_named_with_what_to_install(tmp_path):
    # An ldconfig whose cache holds neither library.
    fake = tmp_path / "ldconfig"
    fake.write_text('#!/bin/sh\necho "1 libs found in cache \\`/etc/ld.so.cache\'"\n')
    fake.chmod(0o755)

    result = make("book-libraries", env={"PATH": f"{tmp_path}:{os.environ['PATH']}"})

    assert result.returncode != 0
    assert "missing: libpangoft2-1.0.so.0 libharfbuzz-subset.so.0" in result.stderr
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_book_libraries_present_pass(tmp_path):
    fake = tmp_path / "ldconfig"
    fake.write_text(
        "#!/bin/sh\n"
        "echo '\tlibpangoft2-1.0.so.0 (libc6,x86-64) => /lib/libpangoft2-1.0.so.0'\n"
        "echo '\tlibharfbuzz-subset.so.0 (libc6,x86-64) => /lib/libharfbuzz-subset.so.0'\n"
    )
    fake.chmod(0o755)

    result = make("book-libraries", env={"PATH": f"{tmp_path}:{os.environ['PATH']}"})

    assert (result.returncode, result.stderr) == (0, "")
