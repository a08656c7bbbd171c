"""The changes that give the site a new content version (content.changed).

Pages: Wagtail's page_published / page_unpublished, which the admin, scheduled publishing
(`publish_scheduled`, run by editorial's scheduler) and expiry all send, and page moves.
Comments: saving or deleting one (a confirmed reader's comment, an editor's, an edit in the
admin); moderation works with update(), so comments/moderation.py calls content.changed itself.
Models shown on public pages: site and comment settings, authors, images, sites, tags; and
page view restrictions (pages kept by caching/objects.py carry theirs).
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import content

WATCHED_MODELS = [
    "comments.BlogComment",
    "django_comments_xtd.XtdComment",
    "comments.CommentSettings",
    "home.SiteSettings",
    "articles.Author",
    "wagtailimages.Image",
    "wagtailcore.Site",
    "taggit.Tag",
    "wagtailcore.PageViewRestriction",  # a page made private, or public again
]


def page_changed(sender, instance, **kwargs):
    content.changed(f"page {instance.pk} {sender.__name__}")


def model_changed(sender, instance, created=False, **kwargs):
    if created and issubclass(sender, BaseSiteSetting | BaseGenericSetting):
        return  # made with its defaults by the first page that asks: nothing changes
    content.changed(f"{sender._meta.label} {instance.pk}")


def connect():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed, dispatch_uid=f"caching-{id(signal)}")
    for label in WATCHED_MODELS:
        model = apps.get_model(label)
        post_save.connect(model_changed, sender=model, dispatch_uid=f"caching-save-{label}")
        post_delete.connect(model_changed, sender=model, dispatch_uid=f"caching-delete-{label}")
