import importlib

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

from editorial.roles import sync_editor_groups
from publisher.accessor import forget as forget_publisher
from publishing import cache as publishing_cache
from publishing.cache import forget_generation
from submissions.models import Municipality
from tests.factories import (
    BEFORE_DEADLINES,
    EDITOR_PASSWORD,
    make_call,
    make_editor,
    make_submission,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Each test's own search slots: a bench or server of the same checkout never fills them.
    settings.SEARCH_SLOT_DIR = tmp_path / "search-slots"
    # A test asks faster than any reader: searches keep to a share of the time only where a
    # test says so (tests/publishing/test_search_gate.py).
    settings.SEARCH_DUTY = 1


@pytest.fixture(autouse=True)
def _plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Nothing is collected for the tests: WhiteNoise looks files up per request instead of
    # scanning (and warning about) an empty STATIC_ROOT.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _publisher_read_afresh():
    """publisher.current() keeps a read for a few seconds outside requests; a test's database
    is rolled back, so the next test must not see the publisher it left behind."""
    forget_publisher()
    yield
    forget_publisher()


@pytest.fixture
def reference_data(transactional_db):
    """Municipalities and editor groups, which migrations load, for a transactional test.

    A transactional test before this one may have emptied the tables, and the serialized copy is
    not always restored (Playwright's greenlet gives Django another connection object), so load
    them again when they are missing.
    """
    if not Municipality.objects.exists():
        migration = importlib.import_module("submissions.migrations.0002_load_municipalities")
        migration.load(apps, None)
    sync_editor_groups()


@pytest.fixture
def editor(db):
    """The editor a test acts as: a member of the first editor group (not a superuser), as
    `manage.py create_editor` makes them, signing in as "redaktor" with EDITOR_PASSWORD. For a
    second editor, use tests.factories.make_editor."""
    return make_editor("redaktor", password=EDITOR_PASSWORD)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def tasks_in_database(settings):
    """Tasks wait in the database for a worker, as in production."""
    default = settings.TASKS["default"]
    settings.TASKS = {"default": {**default, "BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def worker(monkeypatch):
    """`worker()` runs `db_worker` until its queue is empty, inside the test's transaction (the
    worker would otherwise close the connection between tasks, which ends that transaction)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(queue="default"):
        call_command(
            "db_worker",
            batch=True,
            queue_name=queue,
            reload=False,
            startup_delay=False,
            verbosity=0,
        )

    return run


@pytest.fixture
def clock():
    """Frozen at a moment before both deadlines; tests move it with clock.move_to(...)."""
    with time_machine.travel(BEFORE_DEADLINES, tick=False) as traveller:
        yield traveller


@pytest.fixture
def call(db):
    return make_call()


@pytest.fixture
def submission(call, clock):
    """A pitch, just received, in the call."""
    return make_submission(call)


def pytest_collection_modifyitems(config, items):
    """A transactional test empties every table when it ends; without serialized_rollback the
    reference data that migrations load (municipalities, editor groups) would be gone for the
    transactional tests after it."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: use @pytest.mark.django_db(transaction=True, "
                "serialized_rollback=True) to keep the migrations' reference data"
            )


@pytest.fixture(autouse=True)
def _generation_read_per_request(monkeypatch):
    """The counter read by every request, as if each came from a process of its own: query
    counts do not depend on how long a test took (tests/publishing/test_cache.py tests the
    interval a process keeps it)."""
    monkeypatch.setattr(publishing_cache, "GENERATION_READ_EVERY", 0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test's database starts again at the same publication generation, so pages, cards
    and filter keys cached by an earlier test would be read under the same keys; and the
    generation this process read last belongs to a database rolled back since."""
    cache.clear()
    forget_generation()
    yield
    cache.clear()
    forget_generation()
