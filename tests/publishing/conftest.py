import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test's database starts again at generation 0, so pages cached by an earlier test
    would otherwise be served under the same key."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def one_spare(settings, tmp_path):
    """Two workers, one kept for other pages while they are asked for (search_slots)."""
    settings.SEARCH_SLOTS = 1
    settings.SEARCH_WORKERS = 2
    settings.SEARCH_SLOT_WAIT = 0
    settings.SEARCH_SHARE_WINDOW = 1.0
    settings.SEARCH_SLOT_DIR = tmp_path / "slots"
    settings.SEARCH_SLOT_DIR.mkdir()
    return settings.SEARCH_SLOT_DIR
