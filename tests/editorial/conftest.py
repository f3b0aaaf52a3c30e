import pytest

from tests.factories import make_submission


@pytest.fixture
def submission(call, clock):
    return make_submission(call)
