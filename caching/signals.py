"""Which changes make which pages cold (the scopes of scopes.py).

Comments: saving or deleting one (a confirmed reader's comment, an editor's, an edit in the
admin) changes its article: its page and its cards. Moderation works with update(), which
sends no signal: comments/moderation.py calls comments_changed() itself.
Articles: Wagtail's page_published / page_unpublished, which the admin, scheduled publishing
and expiry all send, change the article, every listing (`lists`), the articles related to it
by tag (its tags before and after), and its previous and next article.
Everything else shown on public pages (settings, authors, images, sites, tags, view
restrictions, pages moved, other page types published) changes `site`: every page.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import scopes

COMMENT_MODELS = ["comments.BlogComment", "django_comments_xtd.XtdComment"]
SITE_WIDE_MODELS = [
    "comments.CommentSettings",
    "home.SiteSettings",
    "articles.Author",
    "articles.Category",  # the sidebar, breadcrumbs and category labels on every page
    "wagtailimages.Image",
    "wagtailcore.Site",
    "taggit.Tag",
    "wagtailcore.PageViewRestriction",  # a page made private, or public again
]


def comments_changed(article_ids, reason="comments"):
    scopes.changed(*(scopes.article(pk) for pk in article_ids), reason=reason)


def comment_changed(sender, instance, **kwargs):
    if str(instance.object_pk).isdigit():
        comments_changed([instance.object_pk], f"comment {instance.pk}")


def page_changed(sender, instance, **kwargs):
    from articles.models import ArticlePage

    if isinstance(instance, ArticlePage):
        scopes.changed(*article_publication_scopes(instance), reason=f"article {instance.pk}")
    else:
        scopes.changed(scopes.SITE, reason=f"page {instance.pk}")


def article_publication_scopes(article):
    tag_ids = set(article.tags.values_list("pk", flat=True))
    tag_ids |= getattr(article, "tag_ids_before_save", set())
    # Worked out afresh, not from the ids the article stored for its views (dropped now).
    neighbours = [page for page in article.neighbours_by_date() if page is not None]
    return [
        scopes.LISTS,
        scopes.article(article.pk),
        *(scopes.article(page.pk) for page in neighbours),
        *(scopes.tag(pk) for pk in tag_ids),
    ]


def page_moved(sender, instance, **kwargs):
    scopes.changed(scopes.SITE, reason=f"page {instance.pk} moved")


def model_changed(sender, instance, created=False, **kwargs):
    if created and issubclass(sender, BaseSiteSetting | BaseGenericSetting):
        return  # made with its defaults by the first page that asks: nothing changes
    scopes.changed(scopes.SITE, reason=f"{sender._meta.label} {instance.pk}")


def connect():
    for signal in (page_published, page_unpublished):
        signal.connect(page_changed, dispatch_uid=f"caching-{id(signal)}")
    post_page_move.connect(page_moved, dispatch_uid="caching-move")
    for label in COMMENT_MODELS:
        model = apps.get_model(label)
        post_save.connect(comment_changed, sender=model, dispatch_uid=f"caching-save-{label}")
        post_delete.connect(comment_changed, sender=model, dispatch_uid=f"caching-del-{label}")
    for label in SITE_WIDE_MODELS:
        model = apps.get_model(label)
        post_save.connect(model_changed, sender=model, dispatch_uid=f"caching-save-{label}")
        post_delete.connect(model_changed, sender=model, dispatch_uid=f"caching-del-{label}")
