# The erasure log now belongs to submissions (submissions 0010); its table stays. The editors'
# groups get the view permission of the moved model.

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def sync_groups(apps, schema_editor):
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    from editorial.roles import sync_editor_groups

    sync_editor_groups()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_editor_groups"),
        ("submissions", "0010_erasure_moved_from_editorial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Erasure")]),
        migrations.RunPython(sync_groups, migrations.RunPython.noop),
    ]
