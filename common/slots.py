"""N slots shared by every process on the machine: the one lock of the book's folder
(book.builds), the one build of a single case's PDF (book.case_pdf) and the searches rendered at
once (publishing.search_slots).

A slot is an exclusive `flock` on one of `count` files in a directory. The kernel releases it when
its holder closes the file or its process dies, so a killed worker never keeps a slot. Each take
opens a new descriptor: flock belongs to the open file, so two threads sharing one descriptor
would both "hold" the same slot.
"""

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


@contextmanager
def slot(
    directory: Path,
    *,
    name: str = "slot",
    count: int = 1,
    wait: float | None = 0.0,
    poll: float = 0.01,
    admit: Callable[[], bool] | None = None,
) -> Iterator[bool]:
    """Yield True while holding one of `count` slots named `name` in `directory`, or False if
    none came free within `wait` seconds (polled every `poll`). `wait=None` waits as long as it
    takes, so it always yields True. `admit`, asked while a slot is held, may refuse it (given
    back at once, and tried again at the next poll): a cap that depends on more than the
    slots. The slot is given back on leaving, exception or not."""
    if fcntl is None:  # not POSIX: a development machine, with one process
        yield True
        return
    descriptor = _take(directory, name, count, wait, poll, admit)
    if descriptor is None:
        yield False
        return
    try:
        yield True
    finally:
        os.close(descriptor)  # releases the lock


def _take(directory, name, count, wait, poll, admit) -> int | None:
    if wait is None and count == 1 and admit is None:  # the kernel queues the waiters
        descriptor = _open(directory, name, 0)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        except BaseException:  # interrupted while waiting
            os.close(descriptor)
            raise
        return descriptor
    deadline = None if wait is None else time.monotonic() + wait
    while True:
        descriptor = _try(directory, name, count)
        if descriptor is not None and (admit is None or admit()):
            return descriptor
        if descriptor is not None:
            os.close(descriptor)
        if deadline is not None and time.monotonic() >= deadline:
            return None
        time.sleep(poll)


def _try(directory, name, count) -> int | None:
    """An open descriptor holding one free slot's lock, or None when all are taken."""
    for number in range(max(1, count)):
        descriptor = _try_one(directory, name, number)
        if descriptor is not None:
            return descriptor
    return None


def _try_one(directory, name, number) -> int | None:
    descriptor = _open(directory, name, number)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def held(directory: Path, *, name: str = "slot", count: int = 1) -> int:
    """How many of the `count` slots are held right now, by any process (this one's included:
    a new descriptor cannot lock a file another descriptor of ours has locked)."""
    if fcntl is None:
        return 0
    taken = 0
    for number in range(max(1, count)):
        descriptor = _try_one(directory, name, number)
        if descriptor is None:
            taken += 1
        else:
            os.close(descriptor)
    return taken


def _open(directory, name, number) -> int:
    path = _path(directory, name, number)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except FileNotFoundError:  # the directory, made on first use rather than tried each time
        Path(directory).mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


@lru_cache(maxsize=64)
def _path(directory, name, number) -> str:
    # Built once: a busy search tries every slot, and building a Path costs more than the lock.
    return str(Path(directory) / f"{name}-{number}")
