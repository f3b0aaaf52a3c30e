"""A GIN index on the search documents' vectors, so that PostgreSQL finds the documents that
match a search's words without reading every vector. PostgreSQL only: SQLite has no vector."""

from django.db import migrations

INDEX = "publishing_searchdocument_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON publishing_searchdocument USING gin (vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0002_search_document")]

    operations = [migrations.RunPython(create_index, drop_index)]
