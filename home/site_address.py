"""The public address of the site has one source, BASE_URL (settings.WAGTAILADMIN_BASE_URL).
Wagtail builds canonical URLs, sitemaps and feeds from its Site record, so after every
`migrate` that record follows BASE_URL instead of the placeholder localhost:80."""

import logging
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)


def sync_wagtail_site(sender=None, using="default", **kwargs):
    from wagtail.models import Site

    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if not parts.hostname:
        logger.warning("BASE_URL %r has no host; Wagtail's site left alone", parts.geturl())
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    Site.objects.using(using).filter(is_default_site=True).update(
        hostname=parts.hostname, port=port
    )
