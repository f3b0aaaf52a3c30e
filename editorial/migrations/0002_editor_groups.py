from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; editors need them now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    from editorial.roles import sync_editor_groups

    sync_editor_groups()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("submissions", "0004_historicalsubmission_assigned_editor_and_more"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
