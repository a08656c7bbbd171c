"""Each comment's HTML, rendered once when the comment is saved (CommentHTML) and read with the
threads: rendering a hundred comments on every view cost about 4 % of a long article's page.

A stored row is used only if its digest matches the comment's current text and RENDERING, so
a comment changed by queryset.update() or bulk_create() (no signal), or saved before this
existed, is rendered again when its article is next shown, and stored for the next view.
"""

import hashlib

from .models import CommentHTML
from .text import render_comment

# Change this whenever render_comment()'s output changes: every stored HTML is then redone.
RENDERING = "1"


def source_digest(text):
    source = f"{RENDERING}\n{text or ''}".encode()
    return hashlib.blake2b(source, digest_size=16).hexdigest()


def stored_html(comment):
    """The stored HTML of `comment` (read with select_related("stored_html")) if it was made
    from its current text by the current rendering; otherwise None."""
    try:
        row = comment.stored_html
    except CommentHTML.DoesNotExist:
        return None
    return row.html if row.source_digest == source_digest(comment.comment) else None


def store(comments):
    """Render and store the HTML of `comments` in one query; return it in the same order."""
    rows = [
        CommentHTML(
            comment_id=comment.pk,
            source_digest=source_digest(comment.comment),
            html=render_comment(comment.comment or ""),
        )
        for comment in comments
    ]
    CommentHTML.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["comment"],
        update_fields=["source_digest", "html"],
    )
    return [row.html for row in rows]
