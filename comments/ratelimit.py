"""Posting limits per client address and per email address, counted in Django's cache.

A fixed window: the first post starts a counter that expires COMMENTS_RATE_PERIOD seconds
later. Only posts that got through (a confirmation mail sent) are counted.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

KEY_PREFIX = "comments:rate:"


def client_ip(request):
    """REMOTE_ADDR, or the address the last trusted proxy saw (X-Forwarded-For is appended to
    by each proxy, so only the last COMMENTS_TRUSTED_PROXY_COUNT entries are ours)."""
    proxies = settings.COMMENTS_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


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
