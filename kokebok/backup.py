"""The whole database as one JSON file, and back (`manage.py export_all` / `import_all`).

What goes in is decided by the code, not by a list to keep up to date: every model of the
project's own apps (their django-simple-history models included, since those live in the same
apps), plus the users and groups, the tags and the admin's log. Left out on purpose: sessions
(people log in again), the task table (queued e-mails carry secret links; docs/operations.md), and
the content types and permissions that `migrate` creates (referred to by natural keys instead,
so that their ids may differ between databases).

Uploaded files (MEDIA_ROOT) are not in the file: back that folder up beside it.
"""

import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.core.serializers import sort_dependencies
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer
from django.db import connection, transaction
from django.test.utils import override_settings

EXTRA_MODELS = (
    "auth.User",
    "auth.Group",
    "taggit.Tag",
    "taggit.TaggedItem",
    "admin.LogEntry",
    # The editors' second factor: without it a restored site would let anyone with an editor's
    # password set up a new authenticator app.
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
    "otp_static.StaticToken",
)


class RestoreRefused(Exception):
    """The database to restore into already holds content."""


def project_app_configs():
    """The apps whose code is in this repository (not in an installed package)."""
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            yield config


def backup_models() -> list:
    """Every model in the backup, ordered so that what others refer to comes first."""
    models = [model for config in project_app_configs() for model in config.get_models()]
    models += [apps.get_model(label) for label in EXTRA_MODELS]
    return sort_dependencies([(None, models)], allow_cycles=True)


class LosslessEncoder(DjangoJSONEncoder):
    """Times with all their microseconds: Django's encoder keeps milliseconds only (ECMA-262),
    so a restored row would differ from the one backed up."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class BackupSerializer(JsonSerializer):
    """Django's JSON fixture format, with exact times, and tolerant of the references history
    rows keep to rows that were deleted since (their foreign keys have no database constraint):
    such a reference is written as the plain id it holds instead of failing the whole export."""

    def start_serialization(self):
        self.options.setdefault("cls", LosslessEncoder)
        super().start_serialization()

    def handle_fk_field(self, obj, field):
        try:
            super().handle_fk_field(obj, field)
        except ObjectDoesNotExist:
            self._current[field.name] = getattr(obj, field.attname)


def export_all(path) -> int:
    """Write every row of the backup models to `path`; returns the number of rows.

    One transaction, so the file is one consistent moment even while the site is in use.
    """
    models = backup_models()
    count = 0

    def rows():
        nonlocal count
        for model in models:
            for row in model._base_manager.order_by(model._meta.pk.name).iterator():
                count += 1
                yield row

    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        with open(path, "w", encoding="utf-8") as stream:
            BackupSerializer().serialize(rows(), stream=stream, use_natural_foreign_keys=True)
    return count


@transaction.atomic
def import_all(path) -> None:
    """Restore `path` into a database that holds no calls and no submissions.

    In order: refuses (RestoreRefused) a database with content; removes what `migrate` put in
    the backed-up tables (the municipalities, the editor groups: the file has them all);
    loads the file, which also sets the id sequences past the restored rows.
    """
    from submissions.models import Call, Submission

    if Submission.objects.exists() or Call.objects.exists():
        raise RestoreRefused(
            f"This database already holds {Call.objects.count()} call(s) and "
            f"{Submission.objects.count()} submission(s). import_all only restores into an "
            "empty database: create a new one, run `manage.py migrate` on it, and import there."
        )
    for model in reversed(backup_models()):
        model._base_manager.all().delete()
    # The history rows come from the file: setting the restored many-to-many relations must not
    # write new ones (simple-history has no other switch than this setting).
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", str(path), verbosity=0)
