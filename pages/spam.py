"""What the contact form does against spam, in one place: the honeypot, bidi controls and NUL,
and the per-client limit counted in the database (so every worker process sees the same count)."""

from django.conf import settings

from security.addresses import client_ip
from security.ratelimit import Limit, hashed, over_limit_or_count

# Bidi controls can reorder what an editor reads in a submission (a "Trojan Source" trick), and
# NUL only ever comes from a paste or a probe: one rule for everything readers write, in
# security/text.py.
from security.text import without_hidden_controls as strip_hidden_controls  # noqa: F401

HONEYPOT_FIELD = "website"


def contact_limit(request):
    """CONTACT_RATE_LIMIT messages per client address within CONTACT_RATE_PERIOD seconds."""
    address = client_ip(request) or "unknown"
    allowed, period = settings.CONTACT_RATE_LIMIT, settings.CONTACT_RATE_PERIOD
    return Limit(hashed("contact", address), allowed, period)


def over_limit_and_count(request):
    """True when this client already sent its allowance of messages; otherwise counts this
    one (security/ratelimit.py, the rule the comment form's mail limits use too)."""
    return over_limit_or_count([contact_limit(request)])
