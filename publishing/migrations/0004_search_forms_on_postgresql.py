"""PostgreSQL searches by the project's search forms (publishing.pg_search): a small vector for
ranking, and the stored vectors of PostgreSQL's Norwegian stems emptied. Both are rebuilt from
the cases at the end of `migrate` (publishing.services.refresh_stale_search_documents, which
needs today's models, not these), or by `manage.py refresh_search`."""

import django.contrib.postgres.search
from django.db import migrations


def empty_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        apps.get_model("publishing", "SearchDocument").objects.update(vector=None)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_search_vector_gin")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(empty_vectors, migrations.RunPython.noop),
    ]
