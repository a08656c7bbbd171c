"""Two middlewares: the Content-Security-Policy (the public one, or the admin's own under
/admin/) and the friendly 503 page when the database cannot be reached."""

import logging

from django.conf import settings
from django.urls import reverse

from csp.middleware import CSPMiddleware
from csp.utils import default_config

from .outage import DATABASE_ERRORS, outage_response

logger = logging.getLogger("security.outage")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; under the Wagtail admin the policy comes from
    ADMIN_CONTENT_SECURITY_POLICY instead of CONTENT_SECURITY_POLICY. So do previews: Wagtail
    runs them through the middleware again with a dummy request for the page's own URL, and
    the preview panel frames them inside the admin. A view decorated with @csp / @csp_update /
    @csp_replace / @csp_exempt still gets what it asked for."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self._admin_prefix = None

    def admin_prefix(self):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and (
                request.path_info.startswith(self.admin_prefix())
                or getattr(request, "is_dummy", False)
            )
        ):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


class DatabaseOutageMiddleware:
    """A view (or its template) that fails because the database is unreachable gets a static
    503 page in Japanese instead of a 500. Nothing here touches the database; once it is back,
    the next request simply reconnects (CONN_HEALTH_CHECKS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error("Database unavailable (%s) for %s: 503 served", exception, request.path)
        return outage_response()
