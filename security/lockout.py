"""Login lockout with django-axes: what is forgiven on a successful login, and what a locked
client is shown (AXES_HANDLER and AXES_LOCKOUT_CALLABLE in the settings)."""

from django.conf import settings
from django.shortcuts import render

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt


class OwnFailuresHandler(AxesDatabaseHandler):
    """axes' database handler, except that a successful login forgives only the failures of
    that account from that address. axes' own reset deletes every attempt matching any lockout
    parameter, so with the address among them one good login to the attacker's own account
    would wash away their guesses at another account from the same address (issue #12)."""

    def reset_user_attempts(self, request, credentials=None):
        own_failures = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )
        count, _ = own_failures.delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The same page whatever was locked (the account at this address, or the address) and
    whether the account exists, so it tells an attacker nothing."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "security/lockout.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
