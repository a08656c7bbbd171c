"""Which comment may get a reply: one rule for the form, the reply page, the thread view and
the moment a reply is saved (issue #14)."""

from django.conf import settings

from .models import BlogComment


class ParentUnavailable(Exception):
    """The comment being replied to is gone, hidden, or on another article."""


class TooDeep(ParentUnavailable):
    """The comment being replied to is at the deepest level a thread may have."""


def max_level():
    """Deepest xtd level a comment may have (0 is a top-level comment)."""
    return settings.COMMENTS_XTD_MAX_THREAD_LEVEL


def accepts_replies(comment):
    return comment.level < max_level()


def reply_parent(article, parent_id):
    """The published comment on `article` with this id that may get a reply (None for no id);
    raises ParentUnavailable or TooDeep."""
    if not parent_id:
        return None
    parent = BlogComment.objects.visible().for_page(article).filter(pk=parent_id).first()
    if parent is None:
        raise ParentUnavailable(parent_id)
    if not accepts_replies(parent):
        raise TooDeep(parent_id)
    return parent
