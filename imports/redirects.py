"""Old WordPress addresses → the imported pages, as wagtail.contrib.redirects Redirects.

Wagtail's RedirectMiddleware only looks at requests that would be a 404. WordPress's short
links, `/?p=123`, are not: "/" is the home page, which answers 200 whatever the query string.
`serve_query_redirect` (a before_serve_page hook, see wagtail_hooks.py) therefore checks
requests that carry a query string for a redirect saved with that exact query, before the page
is served. Redirects without a query string are left to the middleware.
"""

from urllib.parse import urlsplit

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils.translation import gettext as _

from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect


def old_paths(item, base_url):
    """The addresses the post had on WordPress: its permalink, its guid and ?p=<id>."""
    query_key = "page_id" if item.post_type == "page" else "p"
    candidates = [item.link, item.guid, f"{base_url}/?{query_key}={item.id}"]
    paths = []
    for url in candidates:
        if not url:
            continue
        parts = urlsplit(url)
        if not parts.path.strip("/") and not parts.query:
            continue  # the old home page: never redirect it
        path = Redirect.normalise_path(url)
        if path not in paths:
            paths.append(path)
    return paths


def sync_redirects(page, paths, site, report):
    """Point each old path at `page`. A redirect someone made by hand to another target is
    left alone (and reported)."""
    own_path = Redirect.normalise_path(page.url or "") if page.url else None
    for path in paths:
        if path == own_path:
            continue
        existing = Redirect.objects.filter(old_path=path, site=site).first()
        if existing is None:
            Redirect.objects.create(old_path=path, site=site, redirect_page=page, is_permanent=True)
            report.count("redirects")
        elif existing.redirect_page_id != page.pk:
            report.warn(
                _("A redirect for %(path)s already exists and points elsewhere: left as it is.")
                % {"path": path}
            )


def serve_query_redirect(page, request, serve_args, serve_kwargs):
    """A permanent redirect when the request's path *with* its query string has one."""
    if not request.META.get("QUERY_STRING"):
        return None
    path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
    if "?" not in path:
        return None
    redirect = get_redirect(request, path)
    if redirect is None or redirect.link is None:
        return None
    response_class = (
        HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
    )
    return response_class(redirect.link)
