"""Middlewares: the Content-Security-Policy (the public one, or the admin's own under /admin/),
the Permissions-Policy, and the friendly 503 page when the database cannot be reached."""

import logging

from django.conf import settings
from django.urls import reverse

from csp.middleware import CSPMiddleware
from csp.utils import default_config

from home import sponsor

from .outage import DATABASE_ERRORS, outage_response

logger = logging.getLogger("security.outage")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; under the Wagtail admin the policy comes from
    ADMIN_CONTENT_SECURITY_POLICY instead of CONTENT_SECURITY_POLICY. Not for previews: a draft
    is the page a reader will get, with whatever an author put in it, so it runs under the
    public policy (issue #12), only allowed to be framed by the admin's preview panel. Wagtail
    renders a preview through the middleware again with a dummy request for the page's own URL
    (request.is_dummy); that inner response keeps its policy on the way out of the admin view.
    A view decorated with @csp / @csp_update / @csp_replace / @csp_exempt still gets what it
    asked for."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self._admin_prefix = None

    def admin_prefix(self):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        if getattr(request, "is_dummy", False):
            parts.config = default_config(preview_directives())
        elif request.path_info.startswith(self.admin_prefix()):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
            return parts
        # A public page (or its preview) that showed the sponsored slot: its hosts, nothing more.
        for directive, hosts in (sponsor.policy_update(request) or {}).items():
            parts.update = parts.update or {}
            parts.update[directive] = [*parts.update.get(directive, ()), *hosts]
        return parts


def preview_directives():
    """The public policy, framed by this site's own admin only."""
    return {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "frame-ancestors": ["'self'"]}


class PermissionsPolicyMiddleware:
    """A Permissions-Policy header on every response (settings.PERMISSIONS_POLICY): no page
    of this site, nor anything it frames, may use the camera, microphone, location and the
    like. First in MIDDLEWARE, so responses from the page cache get it too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


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
