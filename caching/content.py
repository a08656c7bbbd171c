"""The content version: a value that every cached page and fragment key contains. Any change
readers could see replaces it once the transaction commits, so nothing cached before is ever
served again (it expires on its own); the reverse proxy (Varnish) is purged at the same moment.

One version for the whole site rather than keys per page: publishing an article changes its
page, the home page, every page of the article list (pagination shifts), its tag, author and
month pages, both feeds, the sitemap, and its neighbours' previous/next links and related
articles; a comment changes the counts on all those listing cards. Working that set out is
where stale pages come from. A new version is exact by construction and costs one render per
page afterwards: nothing, at a few changes an hour.

The version lives in the "versions" cache: Redis when CACHE_URL is set, otherwise a file, so
that every process of this machine (the gunicorn workers, the scheduler) sees a change at once.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)

KEY = "content-version"


def current():
    return caches["versions"].get(KEY) or "0"


def for_request(request):
    """The version one request works with: read once, so that all its parts agree."""
    version = getattr(request, "content_version", None)
    if version is None:
        version = request.content_version = current()
    return version


def changed(reason):
    """Call after any change readers can see. The new version comes when the transaction
    commits: a request rendering before that reads the old data under the old version."""
    transaction.on_commit(lambda: renew(reason))


def renew(reason):
    caches["versions"].set(KEY, uuid.uuid4().hex, None)
    logger.info("Content changed (%s): cached pages dropped", reason)
    purge_proxy()


def purge_proxy():
    """One PURGE per site to the reverse proxy (WAGTAILFRONTENDCACHE), through Wagtail's
    frontend cache backend; deploy/varnish/default.vcl drops the whole site on any PURGE."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
    from wagtail.models import Site

    purge_urls_from_cache([site.root_url + "/" for site in Site.objects.all()])
