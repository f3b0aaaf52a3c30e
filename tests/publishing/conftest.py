import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test's database starts again at generation 0, so pages cached by an earlier test
    would otherwise be served under the same key."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    """Staff with permission to view submissions: may preview unpublished cases."""
    user = get_user_model().objects.create_user("redaktor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_submission"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
