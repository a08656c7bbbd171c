"""The comment threads of an article, as a tree ready for the templates (one query)."""

from dataclasses import dataclass, field

from django.db.models import Q

from .models import BlogComment
from .replies import accepts_replies


@dataclass
class Node:
    comment: BlogComment
    by_author: bool = False
    can_reply: bool = False
    children: list = field(default_factory=list)

    @property
    def visible(self):
        return self.comment.is_visible


def _prune(nodes):
    """Drop hidden comments that have no visible reply below them; a hidden comment with
    replies stays as a placeholder so the conversation still reads in order."""
    kept = []
    for node in nodes:
        node.children = _prune(node.children)
        if node.visible or node.children:
            kept.append(node)
    return kept


def comment_tree(article, *, replies_open):
    """(top-level nodes, number of visible comments). Threads oldest first; replies under
    their parent in the order they came (xtd's thread_id/order)."""
    author = getattr(article, "author", None)
    author_user_id = getattr(author, "user_id", None) if author else None
    comments = (
        BlogComment.objects.for_page(article)
        .filter(Q(is_public=True) | Q(is_removed=True))  # not the ones awaiting approval
        .order_by("thread_id", "order")
    )
    nodes, roots, count = {}, [], 0
    for comment in comments:
        node = Node(
            comment=comment,
            by_author=bool(author_user_id) and comment.user_id == author_user_id,
            can_reply=replies_open and comment.is_visible and accepts_replies(comment),
        )
        nodes[comment.pk] = node
        count += comment.is_visible
        if comment.parent_id == comment.pk:
            roots.append(node)
        elif comment.parent_id in nodes:
            nodes[comment.parent_id].children.append(node)
        # else: its parent is awaiting approval or gone; it cannot be placed, so not shown
    return _prune(roots), count
