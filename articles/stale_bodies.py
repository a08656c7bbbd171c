"""Drop an article's stored body HTML (articles/rendered.py) when something it shows changes
without the article being saved: a linked or carded page, an image, a document, an author in
a speech balloon, the site's address or the page tree.

Which articles refer to what is Wagtail's reference index (the same one behind its "usage"
screens). The HTML is not rendered here but at the article's next view, which stores it again;
counting up the generation keeps a view that was rendering meanwhile from storing old HTML.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move


def drop_stored_bodies(articles):
    articles.update(body_html=None, body_html_generation=F("body_html_generation") + 1)


def articles_referring_to(instance):
    from .models import ArticlePage

    page_type = ContentType.objects.get_for_model(Page)
    ids = ReferenceIndex.get_references_to(instance).filter(base_content_type=page_type)
    return ArticlePage.objects.filter(
        pk__in=[int(pk) for pk in ids.values_list("object_id", flat=True) if pk.isdigit()]
    )


def on_referenced_change(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loading fixtures
    drop_stored_bodies(articles_referring_to(instance))


def on_addresses_change(sender, **kwargs):
    """A page moved or a site changed: any page address in any body may have changed."""
    from .models import ArticlePage

    if kwargs.get("raw"):
        return
    drop_stored_bodies(ArticlePage.objects.filter(body_html__isnull=False))


def connect():
    from .models import Author

    for model in (get_image_model(), get_document_model(), Author):
        post_save.connect(on_referenced_change, sender=model, dispatch_uid=f"stale-body-{model}")
        # Before the delete, while the reference index still points at the object.
        pre_delete.connect(on_referenced_change, sender=model, dispatch_uid=f"stale-body-d-{model}")
    for signal in (page_published, page_unpublished):
        signal.connect(on_referenced_change, dispatch_uid=f"stale-body-{signal}")
    pre_delete.connect(on_referenced_change, sender=Page, dispatch_uid="stale-body-page-delete")
    post_page_move.connect(on_addresses_change, dispatch_uid="stale-body-move")
    post_save.connect(on_addresses_change, sender=Site, dispatch_uid="stale-body-site")
    post_delete.connect(on_addresses_change, sender=Site, dispatch_uid="stale-body-site-d")
