"""The public address of the site has one source, BASE_URL (settings.WAGTAILADMIN_BASE_URL),
and absolute URLs (canonical links, link previews, robots.txt, emails) are built in one place:
absolute_url() below.

Two records copy it, and both follow it after every `migrate`:
- Wagtail's Site, from which canonical URLs, sitemaps and feeds are built (otherwise the
  placeholder localhost:80);
- django.contrib.sites' Site, which django-comments-xtd puts into links (otherwise
  example.com).
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Site

logger = logging.getLogger(__name__)


def sync_site_records(sender=None, using="default", **kwargs):
    """Copy BASE_URL's host (and port) into both Site records; a post_migrate receiver."""
    from django.contrib.sites.models import Site as DjangoSite

    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if not parts.hostname:
        logger.warning("BASE_URL %r has no host; the Site records left alone", parts.geturl())
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    Site.objects.using(using).filter(is_default_site=True).update(
        hostname=parts.hostname, port=port
    )
    DjangoSite.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": parts.netloc, "name": settings.WAGTAIL_SITE_NAME[:50]},
    )
    DjangoSite.objects.clear_cache()


def site_root_url(request=None):
    """The scheme and host of the site answering `request`; without a request (emails,
    commands), BASE_URL itself, whose scheme holds even on a port other than 80 and 443."""
    if request is None:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def absolute_url(path, request=None):
    """An absolute URL for a path; a URL that already has a scheme is returned as it is."""
    if not path or "://" in path:
        return path or ""
    return site_root_url(request) + path
