"""What the contact form does against spam, in one place: the honeypot, bidi controls, and
the per-client limit counted in the database (so every worker process sees the same count).

The limit is one function over one small model so that it can later be shared with the
comment form's limiter (see the lead's notes in the branch report)."""

import hashlib
import hmac
import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from comments.ratelimit import client_ip

HONEYPOT_FIELD = "website"
# Bidi embeddings, overrides and isolates, and the invisible marks: they can reorder what an
# editor reads in the submission (a "Trojan Source" trick) and are never needed in a message.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text):
    return BIDI_CONTROLS.sub("", text)


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
