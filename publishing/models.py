from django.contrib.postgres.search import SearchVectorField
from django.db import models


class PublicationGeneration(models.Model):
    """One row counting the changes readers can see; the public page cache is keyed by it.

    It lives in the database so that every process (each gunicorn worker has its own cache)
    sees a publication at its next request, without a shared cache server.
    """

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return str(self.number)


class SearchDocument(models.Model):
    """What a case is found by, kept ready so that a search reads one row per case instead of
    gathering and parsing all its texts (which took seconds with 1,000 cases on PostgreSQL).

    Rebuilt by publishing.services.refresh_search_documents whenever readers' content changes.
    """

    submission = models.OneToOneField(
        "submissions.Submission",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    # Every searchable text in lower case, for the substring search on SQLite (whose LIKE
    # ignores case for ASCII letters only).
    text = models.TextField(blank=True)
    # PostgreSQL: the texts' search forms (publishing.pg_search), weighted for ranking.
    vector = SearchVectorField(null=True)
    # PostgreSQL: the same of the title, pitch and names only, which the rank reads instead of
    # the whole vector (some 10 KB, stored apart from the row). Empty until rebuilt.
    rank_vector = SearchVectorField(null=True)
    # The case's first publication while it is published, else None: what a reader's search
    # filters and orders by, so that on PostgreSQL it reads this table alone (the join with
    # the cases cost a third of a search at 10,000 cases). Set with the rest of the document,
    # which every publication, unpublication and public edit rebuilds in its transaction.
    published_at = models.DateTimeField(null=True)

    def __str__(self):
        return str(self.submission_id)
