# The erasure log moves from the editorial app to submissions (the book reads it too). Only
# Django's picture of the models changes: the table stays `editorial_erasure`.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0009_contacts_named_like_the_submitter"),
        ("editorial", "0002_editor_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Erasure",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("person_id", models.PositiveBigIntegerField()),
                        ("erased_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("history_rows", models.PositiveIntegerField(verbose_name="history rows cleaned")),
                        ("reason", models.CharField(blank=True, max_length=200, verbose_name="reason")),
                        ("erased_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                        ("submission", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="erasures", to="submissions.submission")),
                    ],
                    options={
                        "verbose_name": "erasure",
                        "verbose_name_plural": "erasures",
                        "ordering": ["-erased_at"],
                        "db_table": "editorial_erasure",
                    },
                ),
            ],
        ),
    ]
