"""Signal receivers: replies go with the comment they answer, and the sites framework follows
BASE_URL."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)


def delete_replies(sender, instance, using, **kwargs):
    """Deleting a comment deletes its replies (xtd keeps only a parent_id, no foreign key, so
    they would otherwise hang in the thread without a parent). Each deleted reply fires this
    again for its own replies."""
    from .models import BlogComment

    BlogComment.objects.using(using).filter(parent_id=instance.pk).exclude(pk=instance.pk).delete()


def sync_site_domain(sender, using="default", **kwargs):
    """Copy BASE_URL's host into django.contrib.sites, which otherwise says example.com and
    puts that into any link built from it."""
    from django.contrib.sites.models import Site

    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if not parts.netloc:
        logger.warning("BASE_URL %r has no host; sites framework left alone", parts.geturl())
        return
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": parts.netloc, "name": settings.WAGTAIL_SITE_NAME[:50]},
    )
    Site.objects.clear_cache()


def connect():
    from django_comments_xtd.models import XtdComment

    from .models import BlogComment

    # Deletions through either class (our admin uses the proxy; xtd's code the base class).
    for model in (BlogComment, XtdComment):
        post_delete.connect(delete_replies, sender=model, dispatch_uid=f"delete-replies-{model}")
