"""Drop what an article stores for its views when what it shows changes without the article
being saved (ArticlePage.body_html and linked_ids); the next view works it out and stores it
again. Counting up the generation keeps a view that was working it out meanwhile from storing
what it found (ArticlePage.store_derived).

- The body's HTML: when a page it links or shows as a card, an image, a document or an author
  in a speech balloon changes (which articles refer to what is Wagtail's reference index, the
  one behind its "usage" screens); for every article when pages move or a site changes.
- The tags and categories of its page (articles/taxonomy.py): for the articles a tag or a
  category (or one above theirs) names, when it changes or goes.
- What its page shows of its author and eyecatch (articles/author_and_eyecatch.py): for the
  articles of an author whose profile changes or goes, and for those whose eyecatch or
  author's portrait is an image that changes (a new file, a new focal point), goes, or loses
  renditions (their addresses are stored).
- The related, previous and next articles: for every article when any article is published,
  unpublished or deleted, pages move or view restrictions change; for one article when its
  editor's choice of related articles changes. Publications are a few a
  day, and each article then works its links out again once, at its next view.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from taggit.models import Tag


def articles():
    from .models import ArticlePage

    return ArticlePage.objects


def drop_stored_bodies(queryset):
    queryset.update(body_html=None, derived_generation=F("derived_generation") + 1)


def drop_stored_links(queryset):
    queryset.update(linked_ids=None, derived_generation=F("derived_generation") + 1)


def drop_stored_taxonomies(queryset):
    queryset.update(taxonomy=None, derived_generation=F("derived_generation") + 1)


def drop_stored_authors_and_eyecatches(queryset):
    queryset.update(author_and_eyecatch=None, derived_generation=F("derived_generation") + 1)


def on_author_change(sender, instance, **kwargs):
    if not kwargs.get("raw") and instance.pk:
        drop_stored_authors_and_eyecatches(articles().filter(author_id=instance.pk))


def articles_showing_image(image_id):
    return articles().filter(Q(hero_image_id=image_id) | Q(author__avatar_id=image_id))


def on_image_change(sender, instance, **kwargs):
    if not kwargs.get("raw") and instance.pk:
        drop_stored_authors_and_eyecatches(articles_showing_image(instance.pk))


def on_rendition_delete(sender, instance, **kwargs):
    drop_stored_authors_and_eyecatches(articles_showing_image(instance.image_id))


def drop_stored_media_addresses():
    """After a media switch (operations' invalidate_caches): what articles store with the
    addresses of images (their body's HTML, their eyecatch and portrait) is worked out again."""
    drop_stored_bodies(articles().filter(body_html__isnull=False))
    drop_stored_authors_and_eyecatches(articles().filter(author_and_eyecatch__isnull=False))


def on_tag_change(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        drop_stored_taxonomies(articles().filter(tagged_items__tag_id=instance.pk))


def on_category_change(sender, instance, **kwargs):
    """A category's name, address or place shows in the links and breadcrumbs of its
    articles and of those of the categories below it."""
    if not kwargs.get("raw") and instance.pk:
        drop_stored_taxonomies(articles().filter(categories__in=instance.with_descendant_ids()))


def articles_referring_to(instance):
    page_type = ContentType.objects.get_for_model(Page)
    ids = ReferenceIndex.get_references_to(instance).filter(base_content_type=page_type)
    return articles().filter(
        pk__in=[int(pk) for pk in ids.values_list("object_id", flat=True) if pk.isdigit()]
    )


def on_referenced_change(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loading fixtures
    drop_stored_bodies(articles_referring_to(instance))


def on_addresses_change(sender, **kwargs):
    """A page moved or a site changed: any page address in any body may have changed."""
    if kwargs.get("raw"):
        return
    drop_stored_bodies(articles().filter(body_html__isnull=False))


def on_links_change(sender, **kwargs):
    """Which articles are published, where, and to whom: any related, previous or next
    article may have changed."""
    if kwargs.get("raw"):
        return
    drop_stored_links(articles().filter(linked_ids__isnull=False))


def on_editors_choice_change(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        drop_stored_links(articles().filter(pk=instance.page_id))


def on_article_publication(sender, instance, **kwargs):
    from .models import ArticlePage

    if isinstance(instance, ArticlePage):
        on_links_change(sender, **kwargs)


def connect():
    from .models import ArticlePage, Author, Category, RelatedArticle

    for model in (get_image_model(), get_document_model(), Author):
        post_save.connect(on_referenced_change, sender=model, dispatch_uid=f"stale-body-{model}")
        # Before the delete, while the reference index still points at the object.
        pre_delete.connect(on_referenced_change, sender=model, dispatch_uid=f"stale-body-d-{model}")
    for signal in (page_published, page_unpublished):
        signal.connect(on_referenced_change, dispatch_uid=f"stale-body-{signal}")
        signal.connect(on_article_publication, dispatch_uid=f"stale-links-{signal}")
    pre_delete.connect(on_referenced_change, sender=Page, dispatch_uid="stale-body-page-delete")
    pre_delete.connect(on_links_change, sender=ArticlePage, dispatch_uid="stale-links-delete")
    for signal in (post_save, post_delete):
        signal.connect(on_links_change, sender=PageViewRestriction, dispatch_uid=f"sl-{signal}")
        signal.connect(on_addresses_change, sender=Site, dispatch_uid=f"stale-body-site-{signal}")
        signal.connect(on_editors_choice_change, sender=RelatedArticle, dispatch_uid=f"ec-{signal}")
    for signal in (post_save, pre_delete):
        signal.connect(on_author_change, sender=Author, dispatch_uid=f"stale-author-{signal}")
        image = get_image_model()
        signal.connect(on_image_change, sender=image, dispatch_uid=f"stale-image-{signal}")
        signal.connect(on_tag_change, sender=Tag, dispatch_uid=f"stale-tags-{signal}")
        signal.connect(on_category_change, sender=Category, dispatch_uid=f"stale-cat-{signal}")
    post_delete.connect(
        on_rendition_delete,
        sender=get_image_model().get_rendition_model(),
        dispatch_uid="stale-rendition-delete",
    )
    post_page_move.connect(on_addresses_change, dispatch_uid="stale-body-move")
    post_page_move.connect(on_links_change, dispatch_uid="stale-links-move")
