"""What the contact form does against spam, in one place: the honeypot, bidi controls, and
the per-client limit counted in the database (so every worker process sees the same count).

The limit is one function over one small model so that it can later be shared with the
comment form's limiter (see the lead's notes in the branch report)."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from comments.ratelimit import client_ip

# Bidi controls can reorder what an editor reads in a submission (a "Trojan Source" trick):
# one rule for everything readers write, in security/text.py.
from security.text import without_bidi_controls as strip_bidi_controls  # noqa: F401

HONEYPOT_FIELD = "website"


def client_key(request):
    """A keyed hash of the client address: the limit works without storing any address."""
    address = client_ip(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def over_limit_and_count(request, scope):
    """True when this client already sent CONTACT_RATE_LIMIT messages within
    CONTACT_RATE_PERIOD seconds; otherwise records this attempt and returns False."""
    from .models import SubmissionAttempt

    now = timezone.now()
    since = now - timedelta(seconds=settings.CONTACT_RATE_PERIOD)
    SubmissionAttempt.objects.filter(created_at__lt=since).delete()  # keeps the table tiny
    key = client_key(request)
    recent = SubmissionAttempt.objects.filter(scope=scope, client_key=key, created_at__gte=since)
    if recent.count() >= settings.CONTACT_RATE_LIMIT:
        return True
    SubmissionAttempt.objects.create(scope=scope, client_key=key, created_at=now)
    return False
