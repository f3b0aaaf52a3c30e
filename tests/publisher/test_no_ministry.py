"""Nothing in the code or the templates names a ministry: who publishes is configuration
(publisher.current()). Only migrations and the demo data (publisher/demo.py) may."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    "common", "publisher", "submissions", "editorial", "publishing", "book", "participation",
    "kokebok", "templates", "static/js", "static/css",
)  # fmt: skip
SUFFIXES = {".py", ".html", ".txt", ".js", ".css", ".xml"}
ALLOWED = {Path("publisher/demo.py")}
MINISTRY = re.compile(
    r"\bKMD\b|departement|ministry|ministries|Kommunal- og|In Good Company", re.IGNORECASE
)


def sources():
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            relative = path.relative_to(ROOT)
            if path.suffix not in SUFFIXES or "migrations" in relative.parts:
                continue
            if relative not in ALLOWED and "vendor" not in relative.parts:
                yield relative, path


def test_no_ministry_is_named_outside_migrations_and_demo_data():
    found = [
        f"{relative}:{number}: {line.strip()[:80]}"
        for relative, path in sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MINISTRY.search(line)
    ]
    assert found == []


def test_the_check_finds_a_ministry_where_there_is_one():
    assert MINISTRY.search("drevet av Kommunal- og moderniseringsdepartementet")
    assert MINISTRY.search("The Ministry of Local Government")
    assert MINISTRY.search("(KMD) med In Good Company")
    assert not MINISTRY.search("Eksempeldirektoratet for samarbeid")
