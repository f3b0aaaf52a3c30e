"""PostgreSQL searches by the project's search forms (publishing.pg_search): a small vector for
ranking, the vectors kept in their rows, and the stored vectors of PostgreSQL's Norwegian stems
emptied. Both vectors are rebuilt from the cases at the end of `migrate`
(publishing.services.refresh_stale_search_documents, which needs today's models, not these),
or by `manage.py refresh_search`."""

import django.contrib.postgres.search
from django.db import migrations

TABLE = "publishing_searchdocument"
VECTORS = ("vector", "rank_vector")


def keep_in_row_and_empty(apps, schema_editor):
    """STORAGE MAIN: compressed, but in the row unless it cannot fit. A search that matches
    most cases reads every vector (the planner prefers that to the GIN index then), and a
    vector stored apart (TOAST) costs three more page reads each: most of such a search's time
    (bench/README.md)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in VECTORS:
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET STORAGE MAIN")
    apps.get_model("publishing", "SearchDocument").objects.update(vector=None)


def store_apart(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_search_vector_gin")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(keep_in_row_and_empty, store_apart),
    ]
