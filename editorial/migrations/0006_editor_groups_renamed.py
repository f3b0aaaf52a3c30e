"""The editor groups were named after the original publisher and its partner; they are named
after their work now, whoever publishes (editorial.roles.EDITOR_GROUPS)."""

from django.db import migrations

RENAMED = [("KMD", "Redaksjonen"), ("In Good Company", "Partnerredaksjonen")]


def rename(apps, schema_editor, pairs=RENAMED):
    Group = apps.get_model("auth", "Group")
    for old, new in pairs:
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, [(new, old) for old, new in RENAMED])


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0005_workspace"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
