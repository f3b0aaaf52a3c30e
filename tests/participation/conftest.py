import pytest

from tests.factories import make_case


@pytest.fixture
def published(call, clock):
    """A published case, which readers can give input on."""
    return make_case(call)
