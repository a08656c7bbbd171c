"""Whether an article still accepts comments: its own switch, then the site-wide limit."""

from datetime import timedelta

from django.utils import timezone

from .models import CommentSettings


def comments_open(page, now=None):
    if not getattr(page, "comments_open", False):
        return False
    days = CommentSettings.for_page(page).close_after_days
    published = page.first_published_at
    if days and published:
        return (now or timezone.now()) < published + timedelta(days=days)
    return True
