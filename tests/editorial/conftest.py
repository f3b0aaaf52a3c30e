import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from editorial.roles import sync_editor_groups
from tests.factories import make_submission


@pytest.fixture
def editor(db):
    sync_editor_groups()
    user = get_user_model().objects.create_user(
        "redaktor@kmd.example", password="pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name="KMD"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def submission(call, clock):
    return make_submission(call)
