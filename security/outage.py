"""Responses that must work when nothing else does: no database query, no request context
(so no context processor can reach the session or the user), only a static template."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def outage_response():
    response = HttpResponse(loader.render_to_string("security/outage.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html"):
    """handler500. A database error raised outside a view (a middleware loading the session
    or the user, say) reaches this handler instead of DatabaseOutageMiddleware: it gets the
    503 page too. Everything else gets the static 500 page."""
    if isinstance(sys.exception(), DATABASE_ERRORS):
        return outage_response()
    return HttpResponseServerError(loader.render_to_string(template_name))
