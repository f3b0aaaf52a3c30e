"""Whether and since when a document's case is published, kept on the document so that a search
reads the documents alone. Filled at the end of `migrate` (publishing.services.
refresh_stale_search_documents), or by `manage.py refresh_search`."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0004_search_forms_on_postgresql'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='published_at',
            field=models.DateTimeField(null=True),
        ),
    ]
