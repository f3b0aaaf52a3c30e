"""A moment shared by every process on the machine, cheaply: 8 bytes (a `time.monotonic()`,
the same clock for every process since boot) in a file each process maps into memory once.

Written with no lock: a reader may see a stale or, in theory, a torn value. Callers use it for
a hint ("did anyone ask for X lately?") where either mistake only errs one way, and a value
that cannot be a recent moment (missing file, short file, garbage) reads as "never".
"""

import mmap
import os
import struct
import time
from contextlib import suppress
from pathlib import Path

SIZE = struct.calcsize("d")
# A mapping keeps a descriptor open: a process that meets many paths (the tests, a directory per
# test) keeps only the latest few.
KEPT_MAPS = 4
_maps: dict[Path, mmap.mmap] = {}


# How far ahead a moment may be and still be believed: a debt (publishing.search_slots).
MAX_AHEAD = 1.0


def mark(path: Path, *, ahead: float = 0.0) -> None:
    """Record now, or `ahead` seconds from now (at most MAX_AHEAD), as the moment in `path`
    (created if missing)."""
    shared = _maps.get(path) or _open(path, create=True)
    # None, or closed meanwhile by another thread's eviction: no mark this time.
    with suppress(TypeError, ValueError):
        struct.pack_into("d", shared, 0, time.monotonic() + min(ahead, MAX_AHEAD))


def seconds_since(path: Path) -> float | None:
    """Seconds since the moment last marked in `path` (negative while it is ahead), or None if
    there is none to believe."""
    shared = _maps.get(path) or _open(path, create=False)
    try:
        (moment,) = struct.unpack_from("d", shared, 0)
    except (TypeError, ValueError):  # as in mark()
        return None
    age = time.monotonic() - moment
    # A mark further ahead than any mark() writes (garbage, NaN) is no mark.
    return age if age >= -MAX_AHEAD else None


def _open(path: Path, *, create: bool) -> mmap.mmap | None:
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | (os.O_CREAT if create else 0), 0o600)
    except OSError:
        return None
    try:
        if os.fstat(descriptor).st_size < SIZE:
            if not create:
                return None  # missing or cut short: read as "never", repaired by the next mark
            os.ftruncate(descriptor, SIZE)
        shared = mmap.mmap(descriptor, SIZE)
    except (OSError, ValueError):
        return None
    finally:
        os.close(descriptor)  # the mapping keeps the file
    while len(_maps) >= KEPT_MAPS:
        _maps.pop(next(iter(_maps))).close()
    _maps[path] = shared
    return shared
