"""A burst of searches cannot hold every worker: only SEARCH_SLOTS uncached searches render at
once, the others get a small 503 page that keeps the words (publishing/search_slots.py)."""

from contextlib import ExitStack

import pytest

from common import slots
from publishing import search_slots
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot_dir(settings, tmp_path):
    settings.SEARCH_SLOTS = 2
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
