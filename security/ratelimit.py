"""Rate limits counted in the database (RateCounter), one rule for every form that can be
abused to make the site send mail: the comment form's confirmation mails (comments/
ratelimit.py) and the contact form (pages/spam.py).

A fixed window per key: the first count starts it, and `period` seconds later the count
starts again from zero. Keys hold no address, only a hash keyed with SECRET_KEY (`hashed`):
a plain hash of an IPv4 address is undone by trying all four billion of them.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import RateCounter

# Rows whose window started longer ago than this are deleted: no limit counts over longer.
KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    """`allowed` events per `period` seconds under `key`. The periods come from settings (the
    environment): a period longer than KEEP counts over KEEP, since older rows are deleted,
    and one below a second over a second, rather than failing every request."""

    key: str
    allowed: int
    period: int  # seconds

    def window(self):
        return min(max(timedelta(seconds=self.period), timedelta(seconds=1)), KEEP)

    def window_open(self, counter, now):
        return counter.window_start > now - self.window()


def hashed(scope, value):
    """The key for `value` (an address, a mailbox) within `scope`: HMAC-SHA256 with the
    SECRET_KEY, so the table cannot be turned back into addresses."""
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return f"{scope}:{digest}"


def is_limited(limits):
    """True when one of `limits` has used up its allowance in its current window."""
    now = timezone.now()
    counters = RateCounter.objects.in_bulk([limit.key for limit in limits], field_name="key")
    return any(
        limit.key in counters
        and limit.window_open(counters[limit.key], now)
        and counters[limit.key].count >= limit.allowed
        for limit in limits
    )


def record(limits):
    """Count one more event under each of `limits` (a new window where the last one ended)."""
    now = timezone.now()
    RateCounter.objects.filter(window_start__lt=now - KEEP).delete()
    for limit in limits:
        with transaction.atomic():
            counter, created = RateCounter.objects.select_for_update().get_or_create(
                key=limit.key, defaults={"window_start": now, "count": 1}
            )
            if created:
                continue
            if not limit.window_open(counter, now):
                counter.window_start, counter.count = now, 0
            counter.count += 1
            counter.save(update_fields=["window_start", "count"])


def over_limit_or_count(limits):
    """True when one of `limits` is used up; otherwise counts this event and returns False."""
    if is_limited(limits):
        return True
    record(limits)
    return False
