"""Signal receivers: replies go with the comment they answer. (The sites framework's record,
which xtd reads, follows BASE_URL through home/site_address.py.)"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save

from . import presence


def delete_replies(sender, instance, using, **kwargs):
    """Deleting a comment deletes its replies (xtd keeps only a parent_id, no foreign key, so
    they would otherwise hang in the thread without a parent). Each deleted reply fires this
    again for its own replies."""
    from .models import BlogComment

    BlogComment.objects.using(using).filter(parent_id=instance.pk).exclude(pk=instance.pk).delete()


def store_html(sender, instance, raw=False, **kwargs):
    """A saved comment (posted, confirmed, edited in the admin) gets its HTML stored at once.
    Fixtures (raw) are left to be stored when first shown."""
    if raw:
        return
    from .stored_html import store

    store([instance])


def connect():
    from django_comments_xtd.models import XtdComment

    from .models import ARTICLE_MODEL, BlogComment

    # Saves and deletions through either class (our admin and posting use the proxy; xtd's
    # code and the imports the base class).
    for model in (BlogComment, XtdComment):
        post_delete.connect(delete_replies, sender=model, dispatch_uid=f"delete-replies-{model}")
        post_save.connect(store_html, sender=model, dispatch_uid=f"store-html-{model}")
        for signal in (post_save, post_delete):
            signal.connect(presence.comment_written, sender=model, dispatch_uid=f"rows-{model}")
    article = apps.get_model(*ARTICLE_MODEL)
    pre_save.connect(presence.article_before_save, sender=article, dispatch_uid="rows-unknown")
    post_save.connect(presence.article_saved, sender=article, dispatch_uid="rows-recount")
