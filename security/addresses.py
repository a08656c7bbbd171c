"""Which address a request comes from: one rule for the rate limits (comment mails, the
contact form), the popularity beacon's flood check and the admin login lockout (django-axes,
AXES_CLIENT_IP_CALLABLE)."""

from django.conf import settings


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
