"""A burst of searches cannot hold every worker: while other pages are asked for, only
SEARCH_SLOTS uncached searches render at once, the others get a small 503 page that keeps the
words; on an otherwise idle site a search may use every worker (publishing/search_slots.py)."""

import fcntl
import mmap
import os
import struct
import time
from contextlib import ExitStack

import pytest
from django.utils.html import escape

from common import marks, slots
from publishing import search_slots
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot_dir(settings, tmp_path):
    settings.SEARCH_SLOTS = 2
    settings.SEARCH_WORKERS = 2
    settings.SEARCH_SLOT_WAIT = 0.05
    settings.SEARCH_SLOT_DIR = tmp_path / "slots"
    return settings.SEARCH_SLOT_DIR


def hold_all(stack, directory):
    """Both slots taken, as by two other workers rendering searches."""
    for _ in range(2):
        assert stack.enter_context(slots.slot(directory, name=search_slots.SLOT_NAME, count=2))


@pytest.fixture
def held(slot_dir):
    with ExitStack() as stack:
        hold_all(stack, slot_dir)
        yield stack


def test_a_search_with_no_free_slot_is_told_to_come_back_with_its_words_kept(client, call, held):
    make_case(call, title="Kafé i sentrum")
    response = client.get("/eksempler/", {"q": 'kafé "<b>"', "county": "03"})
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Mange søker akkurat nå – prøv igjen om litt" in page  # noqa: RUF001
    assert 'value="kafé &quot;&lt;b&gt;&quot;"' in page
    assert '<input type="hidden" name="county" value="03">' in page
    assert "Kafé i sentrum" not in page
    english = client.get("/en/eksempler/", {"q": "kafé"})
    assert "Many are searching right now" in english.content.decode()


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("", "Mange søker akkurat nå"),
        ("/nn", "Mange søkjer akkurat no"),
        ("/en", "Many are searching"),
    ],
)
def test_each_busy_page_carries_its_own_words_in_its_own_language(
    client, call, held, prefix, title
):
    # Kept as a frame per language and process: the second page must not show the first's words.
    for words, county in (("kafé", "03"), ("<sykkel>", "46")):
        page = client.get(f"{prefix}/eksempler/", {"q": words, "county": county}).content.decode()
        assert title in page
        assert page.count('name="q"') == 1
        assert f'value="{escape(words)}"' in page
        assert page.count('type="hidden"') == 1
        assert f'name="county" value="{county}"' in page


def test_the_busy_page_is_never_cached(client, call, held):
    make_case(call, title="Kafé i sentrum")
    assert client.get("/eksempler/", {"q": "kafé"}).status_code == 503
    held.close()  # the other searches are done
    response = client.get("/eksempler/", {"q": "kafé"})
    assert response.status_code == 200
    assert "Kafé i sentrum" in response.content.decode()


def test_a_free_slot_renders_the_search_and_is_given_back(client, call, slot_dir):
    make_case(call, title="Kafé i sentrum")
    for words in ("kafé", "sentrum", "kafé sentrum"):  # more searches than slots, one by one
        response = client.get("/eksempler/", {"q": words})
        assert response.status_code == 200
        assert "Kafé i sentrum" in response.content.decode()


def test_cached_pages_and_case_pages_never_take_a_slot(client, call, slot_dir):
    case = make_case(call, title="Kafé i sentrum")
    assert client.get("/eksempler/", {"q": "kafé"}).status_code == 200  # now cached
    with ExitStack() as stack:
        hold_all(stack, slot_dir)
        assert client.get("/eksempler/", {"q": "kafé"}).status_code == 200
        assert client.get("/eksempler/").status_code == 200  # the list, even uncached
        assert client.get(f"/eksempler/{case.slug}/").status_code == 200
        assert client.get("/").status_code == 200


@pytest.fixture
def hold(one_spare):
    """Slot file `number` locked, as by another worker rendering a search."""
    descriptors = []

    def take(number):
        path = one_spare / f"{search_slots.SLOT_NAME}-{number}"
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT)
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        descriptors.append(descriptor)

    yield take
    for descriptor in descriptors:
        os.close(descriptor)


@pytest.fixture
def kafe(call):
    return make_case(call, title="Kafé i sentrum")


def search(client):
    return client.get("/eksempler/", {"q": "kafé"})


def test_on_an_idle_site_a_second_search_is_served(client, kafe, hold):
    hold(0)
    response = search(client)
    assert response.status_code == 200
    assert "Kafé i sentrum" in response.content.decode()


@pytest.mark.parametrize("held", [0, 1])  # 1: a slot taken while the site was still quiet
def test_with_another_page_served_just_now_the_second_search_is_busy(client, kafe, hold, held):
    hold(held)
    assert client.get("/").status_code == 200  # someone reads the home page
    assert search(client).status_code == 503


def test_a_page_served_longer_ago_than_the_window_no_longer_holds_a_worker(
    client, kafe, hold, settings
):
    settings.SEARCH_SHARE_WINDOW = 0.05
    hold(0)
    assert client.get("/").status_code == 200
    time.sleep(0.1)
    assert search(client).status_code == 200


def test_with_every_slot_held_a_search_is_busy_however_quiet_the_site(client, kafe, hold):
    hold(0)
    hold(1)
    assert search(client).status_code == 503


def test_other_pages_mark_searches_cached_or_not_do_not(client, kafe, one_spare):
    assert search(client).status_code == 200  # uncached
    assert search(client).status_code == 200  # now from the cache
    assert client.get("/eksempler/", {"page": "1"}).status_code == 200  # a page of the list
    assert marks.seconds_since(search_slots.mark_path()) is None
    assert client.get("/eksempler/").status_code == 200
    assert marks.seconds_since(search_slots.mark_path()) < 1
    mark_file = search_slots.mark_path()
    struct.pack_into("d", mmap_of(mark_file), 0, 0.0)  # long ago
    assert client.get(f"/eksempler/{kafe.slug}/").status_code == 200
    assert marks.seconds_since(mark_file) < 1


def mmap_of(path):
    with open(path, "r+b") as file:
        return mmap.mmap(file.fileno(), 8)


@pytest.mark.parametrize(
    "content", [None, b"", b"abc", struct.pack("d", float("nan")), struct.pack("d", 1e300)]
)
def test_a_missing_or_corrupt_mark_reads_as_no_other_page(client, kafe, hold, content):
    mark_file = search_slots.mark_path()
    if content is not None:
        mark_file.write_bytes(content)
    assert marks.seconds_since(mark_file) is None
    hold(0)
    assert search(client).status_code == 200


def test_a_process_keeps_few_mappings_however_many_marks_it_meets(tmp_path):
    # Each mapping holds a descriptor: the test suite meets a slot directory per test.
    for number in range(marks.KEPT_MAPS * 3):
        marks.mark(tmp_path / str(number))
        assert marks.seconds_since(tmp_path / str(number)) < 1
    assert len(marks._maps) <= marks.KEPT_MAPS
    assert marks.seconds_since(tmp_path / "0") < 2  # read again from its file


def test_refused_searches_are_logged_once_per_interval_with_their_count(
    client, call, held, caplog, monkeypatch
):
    monkeypatch.setattr(search_slots, "_refusals", search_slots._Refusals())
    caplog.set_level("INFO", logger="kokebok.search_slots")

    def lines():
        return [r.getMessage() for r in caplog.records if r.name == "kokebok.search_slots"]

    for number in range(5):
        assert client.get("/eksempler/", {"q": f"kafé {number}"}).status_code == 503
    assert lines() == ["search_busy refused=1 slots=2"]  # the first at once, then quiet
    monkeypatch.setattr(search_slots, "BUSY_LOG_INTERVAL", 0)
    assert client.get("/eksempler/", {"q": "kafé 5"}).status_code == 503
    assert lines()[1:] == ["search_busy refused=5 slots=2"]  # the four held back and this one
