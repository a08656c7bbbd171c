"""The address a load balancer probes (Varnish's `.probe`, deploy/varnish/default.vcl).

Answered before anything else: the probe talks to a host by its own address, which is not in
ALLOWED_HOSTS, and over plain HTTP, which SecurityMiddleware would redirect; neither matters
for "can this host serve pages". It can when it reaches the database, so that is checked; a
host whose database connection is broken is taken out, the others keep serving."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False


def health_response():
    healthy = database_answers()
    response = HttpResponse(
        b"ok\n" if healthy else b"database unavailable\n",
        status=200 if healthy else 503,
        content_type="text/plain; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: GET or HEAD of HEALTH_CHECK_PATH, whatever the Host header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == settings.HEALTH_CHECK_PATH and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
