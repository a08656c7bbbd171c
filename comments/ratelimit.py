"""Posting limits per client address and per email address, counted in Django's cache.

A fixed window: the first post starts a counter that expires COMMENTS_RATE_PERIOD seconds
later. Only posts that got through (a confirmation mail sent) are counted.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from security.addresses import client_ip  # noqa: F401 (the comment views call ratelimit.client_ip)

KEY_PREFIX = "comments:rate:"


def _keys(ip, email):
    keys = []
    if ip:
        keys.append(f"{KEY_PREFIX}ip:{ip}")
    if email:
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        keys.append(f"{KEY_PREFIX}email:{digest}")
    return keys


def is_limited(ip, email):
    counts = cache.get_many(_keys(ip, email))
    return any(count >= settings.COMMENTS_RATE_LIMIT for count in counts.values())


def record(ip, email):
    for key in _keys(ip, email):
        if not cache.add(key, 1, settings.COMMENTS_RATE_PERIOD):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, settings.COMMENTS_RATE_PERIOD)
