from django.db import models


class ScopeToken(models.Model):
    """The current token of one scope (scopes.py). Kept in the database, not in the cache, so
    that a cache restored from an old snapshot cannot bring back a token whose pages are out
    of date: the truth about what changed lives with the data it describes."""

    scope = models.CharField(max_length=100, primary_key=True)
    token = models.CharField(max_length=64)

    def __str__(self):
        return f"{self.scope}: {self.token}"
