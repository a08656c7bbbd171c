"""Turning a valid form (logged-in user) or a confirmed PendingComment (reader) into a comment.

Both paths end in create_comment(), which re-checks the parent (it may have been hidden while
the confirmation mail waited), decides whether the comment is held, and takes a row lock on
the thread so two replies arriving together cannot get the same position (xtd computes the
order with a read-then-update).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from . import moderation, replies
from .models import BlogComment, PendingComment

ParentUnavailable = replies.ParentUnavailable


def find_duplicate(article, *, email, text, parent):
    """The same text by the same address in the same place: a double submission or a
    confirmation link followed twice."""
    same = BlogComment.objects.for_page(article).filter(user_email__iexact=email, comment=text)
    if parent is None:
        return same.filter(level=0).first()
    return same.filter(parent_id=parent.pk).exclude(pk=parent.pk).first()


@transaction.atomic
def create_comment(
    article, *, name, email, url, text, followup, parent_id, ip, user=None, submit_date=None
):
    """Create and return (comment, created). Raises ParentUnavailable."""
    parent = replies.reply_parent(article, parent_id)
    if parent is not None:
        # Lock the thread's first comment: replies in one thread are numbered one at a time.
        BlogComment.objects.select_for_update().filter(pk=parent.thread_id).first()
    duplicate = find_duplicate(article, email=email, text=text, parent=parent)
    if duplicate is not None:
        return duplicate, False
    held = moderation.hold_reason(email=email, ip=ip, text=text, trusted=user is not None)
    comment = BlogComment(
        content_type=ContentType.objects.get_for_model(article),
        object_pk=str(article.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=name,
        user_email=email,
        user_url=url,
        comment=text,
        submit_date=submit_date or timezone.now(),
        ip_address=ip,
        is_public=held is None,
        is_removed=False,
        followup=followup,
        parent_id=parent.pk if parent else 0,
    )
    comment.save()
    return comment, True


def create_pending(article, cleaned, ip):
    return PendingComment.objects.create(
        page=article,
        reply_to=cleaned.get("reply_to") or 0,
        user_name=cleaned["name"],
        user_email=cleaned["email"],
        user_url=cleaned.get("url") or "",
        comment=cleaned["comment"],
        followup=cleaned.get("followup", False),
        ip_address=ip,
    )


def purge_expired_pending():
    """Forget unconfirmed comments whose link has expired (run on each new post)."""
    limit = timezone.now() - timedelta(seconds=settings.COMMENTS_CONFIRMATION_MAX_AGE)
    PendingComment.objects.filter(submit_date__lt=limit).delete()


def publish_pending(pending, article):
    """The confirmed PendingComment as a comment, (comment, created); the pending row
    remembers it, so the link followed again shows the same comment."""
    comment, created = create_comment(
        article,
        name=pending.user_name,
        email=pending.user_email,
        url=pending.user_url,
        text=pending.comment,
        followup=pending.followup,
        parent_id=pending.reply_to,
        ip=pending.ip_address,
        submit_date=pending.submit_date,
    )
    pending.confirmed_at = timezone.now()
    pending.published_comment = comment
    pending.save(update_fields=["confirmed_at", "published_comment"])
    return comment, created
