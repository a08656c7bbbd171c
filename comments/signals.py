"""Signal receivers: replies go with the comment they answer. (The sites framework's record,
which xtd reads, follows BASE_URL through home/site_address.py.)"""

from django.db.models.signals import post_delete


def delete_replies(sender, instance, using, **kwargs):
    """Deleting a comment deletes its replies (xtd keeps only a parent_id, no foreign key, so
    they would otherwise hang in the thread without a parent). Each deleted reply fires this
    again for its own replies."""
    from .models import BlogComment

    BlogComment.objects.using(using).filter(parent_id=instance.pk).exclude(pk=instance.pk).delete()


def connect():
    from django_comments_xtd.models import XtdComment

    from .models import BlogComment

    # Deletions through either class (our admin uses the proxy; xtd's code the base class).
    for model in (BlogComment, XtdComment):
        post_delete.connect(delete_replies, sender=model, dispatch_uid=f"delete-replies-{model}")
