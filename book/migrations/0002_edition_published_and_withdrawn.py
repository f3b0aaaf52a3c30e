"""Editions are published by an editor and may be withdrawn from readers.

Before this, every edition with a PDF was served as soon as it was built: those count as
published (since their build), so /kokebok.pdf keeps serving the same file after the upgrade.
"""

from django.db import migrations, models
from django.db.models.functions import Coalesce, Now


def publish_built_editions(apps, schema_editor):
    Edition = apps.get_model("book", "Edition")
    Edition.objects.exclude(pdf_file="").filter(published_at=None).update(
        published_at=Coalesce("built_at", Now())
    )


class Migration(migrations.Migration):
    dependencies = [("book", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="edition",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="published"
            ),
        ),
        migrations.AddField(
            model_name="edition",
            name="withdrawn_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="withdrawn from readers"
            ),
        ),
        migrations.RunPython(publish_built_editions, migrations.RunPython.noop),
    ]
