"""Moderation: whether a new comment is held for approval, and the moderator's actions.

Actions use queryset.update(), never save(): xtd's pre_save receiver would otherwise copy a
comment's visibility onto all of its replies (approving one comment would publish replies
that are themselves waiting for approval).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from django_comments.models import CommentFlag

from caching.signals import comments_changed

from .models import SPAM_FLAG, BlogComment, CommentSettings
from .text import count_links


def hold_reason(*, email, ip, text, trusted=False):
    """Why a new comment should wait for approval, or None to publish it at once."""
    if trusted:
        return None
    if count_links(text) > settings.COMMENTS_MAX_LINKS:
        return "links"
    same_sender = Q(user_email__iexact=email)
    if ip:
        same_sender |= Q(ip_address=ip)
    if BlogComment.objects.filter(same_sender, flags__flag=SPAM_FLAG).exists():
        return "spam-before"
    if CommentSettings.load().hold_first_comments:
        published_before = BlogComment.objects.on_articles().visible()
        if not published_before.filter(user_email__iexact=email).exists():
            return "first-comment"
    return None


def _flag(comments, user, flag):
    for comment in comments:
        CommentFlag.objects.get_or_create(comment=comment, user=user, flag=flag)


@transaction.atomic
def approve(comments, user):
    """Publish the comments; return those that readers could not see before (their thread's
    followers are notified of them)."""
    comments = list(comments)
    newly_visible = [comment for comment in comments if not comment.is_visible]
    ids = [comment.pk for comment in comments]
    BlogComment.objects.filter(pk__in=ids).update(is_public=True, is_removed=False)
    # update() sends no signal: their articles' cached pages go here
    comments_changed({comment.object_pk for comment in comments}, "comments approved")
    CommentFlag.objects.filter(comment_id__in=ids, flag=SPAM_FLAG).delete()
    _flag(comments, user, CommentFlag.MODERATOR_APPROVAL)
    for comment in newly_visible:
        comment.is_public, comment.is_removed = True, False
    return newly_visible


@transaction.atomic
def hide(comments, user):
    """Take the comments off the site. Their replies stay, under a "hidden" placeholder."""
    comments = list(comments)
    ids = [comment.pk for comment in comments]
    BlogComment.objects.filter(pk__in=ids).update(is_removed=True)
    comments_changed({comment.object_pk for comment in comments}, "comments hidden")
    CommentFlag.objects.filter(comment_id__in=ids, flag=SPAM_FLAG).delete()
    _flag(comments, user, CommentFlag.MODERATOR_DELETION)
    return comments


@transaction.atomic
def mark_spam(comments, user):
    """Hide the comments as spam: later comments from the same address or IP are held."""
    comments = list(comments)
    ids = [comment.pk for comment in comments]
    BlogComment.objects.filter(pk__in=ids).update(is_public=False, is_removed=True)
    comments_changed({comment.object_pk for comment in comments}, "comments marked as spam")
    _flag(comments, user, SPAM_FLAG)
    return comments
