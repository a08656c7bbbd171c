"""Which comment may get a reply: one rule for the form, the reply page, the thread view and
the moment a reply is saved (issue #14)."""

from .models import BlogComment, CommentSettings


class ParentUnavailable(Exception):
    """The comment being replied to is gone, hidden, or on another article."""


class TooDeep(ParentUnavailable):
    """The comment being replied to is at the deepest level a thread may have."""


def max_level():
    """Deepest xtd level a reader's reply may have (0 is a top-level comment): the last level
    shown (CommentSettings.display_depth). Imported threads may be deeper (the database keeps
    up to COMMENTS_XTD_MAX_THREAD_LEVEL), but readers add replies only where they can see them
    nested, as on WordPress."""
    return CommentSettings.load().display_depth - 1


def accepts_replies(comment, deepest=None):
    """`deepest`: max_level(), when the caller has already read it."""
    return comment.level < (max_level() if deepest is None else deepest)


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
