"""Limits on the confirmation mails the comment form makes the site send, counted in the
database (SendCounter) so that every worker process and server shares one count: per client
address and per email address within COMMENTS_RATE_PERIOD, and for the whole site per hour
(COMMENTS_MAIL_PER_HOUR). A fixed window per key: the first mail starts it.

Email addresses are counted in a normalised form, so `Victim+1@Gmail.com` and
`v.i.c.t.i.m@googlemail.com` use the same allowance as `victim@gmail.com`.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from security.addresses import client_ip  # noqa: F401 (the comment views call ratelimit.client_ip)

from .models import SendCounter

SITE_KEY = "site"
SITE_PERIOD = 60 * 60
# Providers that ignore dots in the local part, and the domain each is known under.
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normalized_address(email):
    """The mailbox an address delivers to, as far as the rate limit is concerned: lower case,
    without a +tag, and without dots where the provider ignores them."""
    local, _, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), DOTLESS_DOMAINS[domain]
    return f"{local}@{domain}"


def _hashed(kind, value):
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()[:40]}"


def _limits(ip, email):
    """(key, allowed mails, window in seconds) for each count this post falls under."""
    period, per_sender = settings.COMMENTS_RATE_PERIOD, settings.COMMENTS_RATE_LIMIT
    limits = [(SITE_KEY, settings.COMMENTS_MAIL_PER_HOUR, SITE_PERIOD)]
    if ip:
        limits.append((_hashed("ip", ip), per_sender, period))
    if email:
        limits.append((_hashed("email", normalized_address(email)), per_sender, period))
    return limits


def is_limited(ip, email):
    """True when one of the counts this post falls under has used up its allowance."""
    now = timezone.now()
    limits = _limits(ip, email)
    counters = SendCounter.objects.in_bulk([key for key, _, _ in limits], field_name="key")
    for key, allowed, period in limits:
        counter = counters.get(key)
        fresh = counter and counter.window_start > now - timedelta(seconds=period)
        if fresh and counter.count >= allowed:
            return True
    return False


def record(ip, email):
    """Count one confirmation mail sent for this client address and email address."""
    now = timezone.now()
    for key, _allowed, period in _limits(ip, email):
        with transaction.atomic():
            counter, created = SendCounter.objects.select_for_update().get_or_create(
                key=key, defaults={"window_start": now, "count": 1}
            )
            if created:
                continue
            if counter.window_start <= now - timedelta(seconds=period):
                counter.window_start, counter.count = now, 0
            counter.count += 1
            counter.save(update_fields=["window_start", "count"])
