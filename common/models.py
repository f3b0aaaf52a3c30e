from django.db import models


class RateLimitEvent(models.Model):
    """One public POST by one client, kept for an hour to count against the rate limit.

    Counting rows in the database makes the limit hold across web processes without a cache server.
    The client address is stored only as a keyed hash.
    """

    scope = models.CharField(max_length=40)
    client = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "client", "created_at"])]

    def __str__(self):
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"
