"""Template tags for the comment section (named so as not to clash with django-contrib-comments'
`comments` library)."""

from django import template

from ..closing import comments_open
from ..forms import CommentForm
from ..text import render_comment
from ..threads import comment_tree

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_section(context, page):
    """Everything the article's comment section shows: the threads (one query), the count,
    and a fresh form when comments are open."""
    request = context.get("request")
    user = getattr(request, "user", None)
    is_open = comments_open(page)
    nodes, count = comment_tree(page, replies_open=is_open)
    return {
        "nodes": nodes,
        "count": count,
        "is_open": is_open,
        "form": CommentForm(page) if is_open else None,
        "comment_user": user if user is not None and user.is_authenticated else None,
    }


@register.filter
def comment_html(text):
    """A reader's comment as inert HTML: escaped, nofollow links, paragraphs."""
    return render_comment(text or "")
