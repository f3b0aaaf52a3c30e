"""export_all and import_all: the whole database to one file and back, into an empty one."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial.models import EditorialNote
from editorial.services import erase_person
from kokebok.backup import backup_models, project_app_configs
from submissions import links
from submissions.models import Submission
from submissions.workflow import State, transition
from tests.factories import BEFORE_DEADLINES, make_call, make_submission

pytestmark = pytest.mark.django_db


def make_content():
    """Demo cases in every state, plus what editors add: notes, tags, an erasure, a link."""
    call_command("seed_demo", verbosity=0)
    editor = apps.get_model("auth.User").objects.get(username="redaktor")
    case = make_submission(make_call(slug="andre"), submitter_email="per@example.no")
    transition(case, State.WITHDRAWN)
    case.tags.add("kafé", "arbeidstrening")
    EditorialNote.objects.create(submission=case, author=editor, text="Ring kommunen.")
    erase_person(case.people.get(side="municipality"), by=editor, reason="Ba om sletting")
    TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    backup_codes = StaticDevice.objects.create(user=editor, name="backup", confirmed=True)
    backup_codes.token_set.create(token="abcd2345")
    return links.issue_token(case)


def rows_by_model(path) -> dict[str, list]:
    rows: dict[str, list] = {}
    for row in json.loads(path.read_text(encoding="utf-8")):
        rows.setdefault(row["model"], []).append(row)
    return rows


def backup_and_restore(path):
    """Export to `path`, empty the database, import `path` again."""
    call_command("export_all", str(path), verbosity=0)
    if connection.vendor == "postgresql":
        # Check the test transaction's deferred foreign keys now: TRUNCATE refuses pending ones.
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        connection.cursor().execute("SET CONSTRAINTS ALL DEFERRED")  # as in a new transaction
    assert Submission.objects.count() == 0
    call_command("import_all", str(path), verbosity=0)


def test_every_model_of_our_apps_is_backed_up():
    ours = {model for config in project_app_configs() for model in config.get_models()}
    assert {config.label for config in project_app_configs()} >= {
        "kokebok",
        "submissions",
        "editorial",
        "publishing",
    }
    assert ours - set(backup_models()) == set()
    assert {m._meta.label for m in backup_models()} >= {
        "submissions.HistoricalSubmission",
        "auth.User",
        "auth.Group",
        "taggit.TaggedItem",
    }


def test_export_flush_import_gives_back_the_same_database(tmp_path, clock):
    raw_token = make_content()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    backup_and_restore(first)
    call_command("export_all", str(second), verbosity=0)

    before, after = rows_by_model(first), rows_by_model(second)
    assert after == before
    for label in (
        "submissions.submission",
        "submissions.historicalsubmission",
        "submissions.answer",
        "submissions.person",
        "submissions.consent",
        "submissions.statechange",
        "submissions.accesstoken",
        "submissions.theme",
        "editorial.editorialnote",
        "submissions.erasure",
        "taggit.taggeditem",
        "auth.user",
        "auth.group",
        "otp_totp.totpdevice",
        "otp_static.statictoken",
    ):
        assert before.get(label), f"the test data has no {label} rows"
    # A working system: the secret link still opens its case, the editor still logs in.
    assert links.valid_token(raw_token).submission.title == "Kafé som arbeidstrening"
    # The sign-in throttle (django-axes) needs the request the password came with.
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="redaktor", password="kokebok-demo") is not None


def test_import_refuses_a_database_with_submissions(tmp_path, call, clock):
    path = tmp_path / "backup.json"
    call_command("export_all", str(path), verbosity=0)
    make_submission(call)
    with pytest.raises(CommandError, match="already holds 1 call"):
        call_command("import_all", str(path), verbosity=0)


@pytest.mark.parametrize("microseconds", [1, 999, 123_456])
def test_times_come_back_to_the_microsecond(tmp_path, clock, microseconds):
    # Django's JSON encoder keeps milliseconds only: a restored 12:00:00.000999 came back as
    # 12:00:00 and made the production smoke's comparison fail now and then.
    clock.move_to(BEFORE_DEADLINES + dt.timedelta(microseconds=microseconds))
    case = make_submission(make_call())
    updated, history = case.updated_at, list(case.history.values_list("history_date"))
    assert updated.microsecond == microseconds

    backup_and_restore(tmp_path / "backup.json")

    restored = Submission.objects.get(pk=case.pk)
    assert restored.updated_at == updated
    assert list(restored.history.values_list("history_date")) == history
