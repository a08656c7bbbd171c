"""What django-axes answers once an account or an address has failed to log in too often
(AXES_LOCKOUT_CALLABLE). The same page whatever was locked (the account, the address or both)
and whether the account exists, so it tells an attacker nothing."""

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "security/lockout.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
