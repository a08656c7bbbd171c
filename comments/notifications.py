"""Who hears about a comment: the reader confirming it, the article's author, and the readers
following the thread. Each mail is sent on its own; one failure is logged and does not stop
the others (the comment itself is already saved)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from editorial import people
from home.site_address import absolute_url

from . import mail, tokens
from .models import BlogComment


def send_confirmation_request(pending, article):
    """Raises on SMTP failure: the caller tells the reader and keeps their text."""
    url = absolute_url(
        reverse("comments-xtd-confirm", args=[tokens.confirmation_key(pending)])
    )
    mail.send(
        "comments/email/confirmation_request",
        lambda: _("Please confirm your comment on “%(title)s”") % {"title": article.title},
        pending.user_email,
        {
            "comment": pending,
            "article": article,
            "confirmation_url": url,
            "valid_days": confirmation_days(),
        },
    )


def confirmation_days():
    return max(1, settings.COMMENTS_CONFIRMATION_MAX_AGE // 86400)


def author_user(article):
    """The account told about comments on `article` (editorial.people.author_account: the
    author profile's account, or the article's creator), if it can receive mail."""
    user = people.author_account(article)
    if user is not None and user.is_active and user.email:
        return user
    return None


def notify_author(comment, article):
    """Every new comment, published or held, goes to the article's author (unless they
    wrote it), with a link to the admin when it waits for approval."""
    user = author_user(article)
    if user is None or comment.user_id == user.pk:
        return
    held = not comment.is_visible
    admin_url = reverse("wagtailsnippets_comments_blogcomment:list")
    context = {
        "comment": comment,
        "article": article,
        "held": held,
        "comment_url": absolute_url(comment.get_absolute_url()),
        "moderation_url": absolute_url(f"{admin_url}?status=pending"),
    }

    def subject():
        if held:
            return _("A comment on “%(title)s” awaits your approval") % {"title": article.title}
        return _("New comment on “%(title)s”") % {"title": article.title}

    mail.send_quietly("comments/email/author_notification", subject, user.email, context)


def thread_followers(comment, exclude=()):
    """Readers who asked to be notified and took part in this comment's thread: one entry per
    address (the name from their latest comment), never the comment's own author."""
    excluded = {address.lower() for address in exclude if address}
    excluded.add(comment.user_email.lower())
    followers = {}
    earlier = (
        BlogComment.objects.visible()
        .filter(
            content_type_id=comment.content_type_id,
            object_pk=comment.object_pk,
            thread_id=comment.thread_id,
            followup=True,
        )
        .exclude(pk=comment.pk)
        .order_by("submit_date")
    )
    for follower in earlier:
        address = follower.user_email.lower()
        if address and address not in excluded:
            followers[address] = follower.user_name
    return followers


def notify_followers(comment, article):
    """Tell the thread's followers about a comment that has just become visible."""
    author = author_user(article)
    exclude = [author.email] if author else []
    comment_url = absolute_url(comment.get_absolute_url())

    def subject():
        return _("New reply on “%(title)s”") % {"title": article.title}

    sent = 0
    for address, name in thread_followers(comment, exclude).items():
        mute_url = absolute_url(
            reverse("comments-xtd-mute", args=[tokens.mute_key(article.pk, address)])
        )
        context = {
            "user_name": name,
            "comment": comment,
            "article": article,
            "comment_url": comment_url,
            "mute_url": mute_url,
        }
        # RFC 8058 one-click unsubscribe: mail clients show their own "unsubscribe" button.
        headers = {
            "List-Unsubscribe": f"<{mute_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        if mail.send_quietly(
            "comments/email/followup", subject, address, context, headers
        ):
            sent += 1
    return sent


def comment_published(comment, article):
    """Everything that follows a comment becoming visible to readers."""
    notify_followers(comment, article)
