import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test's database starts again at generation 0, so pages cached by an earlier test
    would otherwise be served under the same key."""
    cache.clear()
    yield
    cache.clear()
