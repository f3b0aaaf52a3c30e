"""Consent links of their own (`ConsentLink`): a person can have several valid at once, so a new
link ends none. Each person's one link so far (`Person.token_hash`) becomes their first."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def move_links(apps, schema_editor):
    Person = apps.get_model("submissions", "Person")
    ConsentLink = apps.get_model("submissions", "ConsentLink")
    ConsentLink.objects.bulk_create(
        ConsentLink(person_id=pk, token_hash=digest)
        for pk, digest in Person.objects.exclude(token_hash="").values_list("pk", "token_hash")
    )


def move_back(apps, schema_editor):
    Person = apps.get_model("submissions", "Person")
    ConsentLink = apps.get_model("submissions", "ConsentLink")
    for link in ConsentLink.objects.filter(revoked_at__isnull=True).order_by("created_at", "pk"):
        Person.objects.filter(pk=link.person_id).update(token_hash=link.token_hash)


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0012_photo_credit_attachment_kind"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConsentLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token_hash", models.CharField(max_length=64, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="consent_links",
                        to="submissions.person",
                    ),
                ),
            ],
            options={"verbose_name": "consent link", "verbose_name_plural": "consent links"},
        ),
        migrations.RunPython(move_links, move_back),
        migrations.RemoveField(model_name="person", name="token_hash"),
    ]
