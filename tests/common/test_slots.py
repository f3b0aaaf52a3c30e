"""common/slots.py: N slots shared by every process on the machine (flock on N files)."""

import subprocess
import sys
import threading
import time

import pytest

from common import slots

# Another process that takes a slot, says so, and holds it until its stdin closes or it dies.
HOLDER = """
import sys
from common import slots
with slots.slot(sys.argv[1], name=sys.argv[2], count=int(sys.argv[3])) as taken:
    print("taken" if taken else "none", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def holder(tmp_path):
    """Start processes holding slots in tmp_path; each is ended when the test is."""
    started = []

    def start(name="slot", count=1):
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", HOLDER, str(tmp_path), name, str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        return process, process.stdout.readline().strip()

    yield start
    for process in started:
        process.kill()
        process.wait()


def test_a_slot_held_by_another_process_is_not_taken_until_it_is_given_back(tmp_path, holder):
    other, said = holder()
    assert said == "taken"
    with slots.slot(tmp_path) as taken:
        assert taken is False
    other.stdin.close()  # the other process leaves its block and ends
    other.wait(timeout=10)
    with slots.slot(tmp_path) as taken:
        assert taken is True


def test_a_slot_is_given_back_when_its_process_dies(tmp_path, holder):
    other, said = holder()
    assert said == "taken"
    other.kill()
    other.wait(timeout=10)
    with slots.slot(tmp_path) as taken:
        assert taken is True


def test_n_slots_are_taken_by_n_holders_and_no_more(tmp_path, holder):
    assert [holder(count=3)[1] for _ in range(3)] == ["taken"] * 3
    assert holder(count=3)[1] == "none"
    with slots.slot(tmp_path, count=3) as taken:
        assert taken is False
    with slots.slot(tmp_path, count=4) as taken:  # one more slot: free
        assert taken is True


def test_slots_of_other_names_do_not_contend(tmp_path, holder):
    assert holder(name="search")[1] == "taken"
    with slots.slot(tmp_path, name="build") as taken:
        assert taken is True


def test_two_descriptors_of_one_process_contend(tmp_path):
    """flock belongs to the open file: two threads of one worker never share a slot."""
    with slots.slot(tmp_path) as first, slots.slot(tmp_path) as second:
        assert (first, second) == (True, False)


def test_a_wait_ends_when_the_slot_comes_free_or_when_it_runs_out(tmp_path):
    with slots.slot(tmp_path):
        started = time.monotonic()
        with slots.slot(tmp_path, wait=0.2, poll=0.01) as taken:
            waited = time.monotonic() - started
        assert taken is False
        assert 0.2 <= waited < 2

    outcome = []

    def waiter():
        with slots.slot(tmp_path, wait=10, poll=0.01) as taken:
            outcome.append((taken, time.monotonic()))

    with slots.slot(tmp_path):
        thread = threading.Thread(target=waiter)
        thread.start()
        time.sleep(0.1)
        assert outcome == []  # still waiting
        given_back = time.monotonic()
    thread.join(timeout=10)
    assert outcome[0][0] is True
    assert outcome[0][1] - given_back < 1  # taken soon after, not after the whole wait


def test_waiting_without_a_limit_blocks_until_the_slot_is_given_back(tmp_path):
    taken_at = []

    def waiter():
        with slots.slot(tmp_path, wait=None) as taken:
            taken_at.append(taken)

    with slots.slot(tmp_path):
        thread = threading.Thread(target=waiter)
        thread.start()
        thread.join(timeout=0.3)
        assert taken_at == []
    thread.join(timeout=10)
    assert taken_at == [True]


def test_a_slot_is_given_back_on_an_exception(tmp_path):
    def build():
        with slots.slot(tmp_path) as taken:
            assert taken
            raise RuntimeError("the build failed")

    with pytest.raises(RuntimeError):
        build()
    with slots.slot(tmp_path) as taken:
        assert taken is True


def test_the_directory_is_made_when_missing(tmp_path):
    with slots.slot(tmp_path / "new" / "slots") as taken:
        assert taken is True


def test_held_counts_the_slots_taken_by_any_process_and_frees_none(tmp_path, holder):
    assert slots.held(tmp_path, count=3) == 0
    assert holder(count=3)[1] == "taken"  # another process
    with slots.slot(tmp_path, count=3) as ours:
        assert ours is True
        assert slots.held(tmp_path, count=3) == 2
        assert slots.held(tmp_path, count=3) == 2  # counting took nothing
    assert slots.held(tmp_path, count=3) == 1


def test_a_slot_refused_by_admit_is_given_back_and_tried_again_until_the_wait_ends(tmp_path):
    asked = []

    def admit_third():  # says no twice, asked each time with the slot held
        asked.append(slots.held(tmp_path, count=2))
        return len(asked) >= 3

    with slots.slot(tmp_path, count=2, wait=5, poll=0.01, admit=admit_third) as taken:
        assert taken is True
        assert slots.held(tmp_path, count=2) == 1
    assert asked == [1, 1, 1]
    assert slots.held(tmp_path, count=2) == 0

    started = time.monotonic()
    with slots.slot(tmp_path, count=2, wait=0.1, poll=0.01, admit=lambda: False) as taken:
        assert taken is False
        assert slots.held(tmp_path, count=2) == 0  # the refused slot was given back
    assert 0.1 <= time.monotonic() - started < 2
