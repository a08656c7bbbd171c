from django.db import models


class RateCounter(models.Model):
    """How many times one key (a keyed hash of a client address or a mailbox, or a site-wide
    name) was counted in its current window (security/ratelimit.py). In the database, so
    every worker process and server counts together; no address is stored."""

    key = models.CharField(max_length=100, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key}: {self.count}"
