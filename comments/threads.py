"""The comment threads of an article: a tree (one query), and its HTML."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import DateFormat
from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from .models import BlogComment
from .replies import accepts_replies, max_level
from .text import LINK_REL, render_comment


@dataclass
class Node:
    comment: BlogComment
    by_author: bool = False
    can_reply: bool = False
    children: list = field(default_factory=list)
    depth: int = 0  # the level it is shown at (its xtd level, or less when that is too deep)
    siblings: list = None  # the list it is shown in
    answers: BlogComment = None  # its real parent, when shown beside it instead of under it

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
    their parent in the order they came (xtd's thread_id/order). Replies deeper than the
    levels shown (CommentSettings.display_depth) are shown at the last level, after their
    parent, naming whom they answer: their parent in the database stays the real one."""
    author = getattr(article, "author", None)
    author_user_id = getattr(author, "user_id", None) if author else None
    comments = (
        BlogComment.objects.for_page(article)
        .filter(Q(is_public=True) | Q(is_removed=True))  # not the ones awaiting approval
        .order_by("thread_id", "order")
    )
    deepest = max_level()
    nodes, roots, count = {}, [], 0
    for comment in comments:
        node = Node(
            comment=comment,
            by_author=bool(author_user_id) and comment.user_id == author_user_id,
            can_reply=replies_open and comment.is_visible and accepts_replies(comment, deepest),
        )
        nodes[comment.pk] = node
        count += comment.is_visible
        if comment.parent_id == comment.pk:
            node.siblings = roots
        elif comment.parent_id in nodes:
            _attach(node, nodes[comment.parent_id], deepest)
        else:
            continue  # its parent is awaiting approval or gone; it cannot be placed
        node.siblings.append(node)
    return _prune(roots), count


def _attach(node, parent, deepest):
    """Nest `node` under `parent`, or, past the last level shown, put it after its parent
    (xtd's order reads a thread depth first, so it follows the right conversation)."""
    if parent.depth < deepest:
        node.depth, node.siblings = parent.depth + 1, parent.children
    else:
        node.depth, node.siblings, node.answers = parent.depth, parent.siblings, parent.comment


class TreeRenderer:
    """The threads as HTML, in Python: a template include and a blocktranslate per comment
    cost about 0.3 ms each, a hundred comments a third of the page. Everything that is the
    same for every comment (translations, the reply URL's pattern) is worked out once.

    The markup is what the comment templates gave: <ol class="comment-list">, one <li
    id="c…"> per comment, replies in a nested <ol>. Reader text goes through format_html.
    """

    def __init__(self, published_id=None):
        self.published_id = published_id
        self.published_notice = gettext("Your comment is now public.")
        self.author_badge = pgettext("comments", "Author")
        self.reply_label = pgettext("comments", "Reply")
        self.reply_to = gettext("Reply to %(name)s")
        self.placeholder = gettext("This comment has been hidden by the site's moderator.")
        self.answers_label = gettext("In reply to %(name)s")
        self.answers_hidden = gettext("In reply to a hidden comment")
        marker = 2_147_483_647  # an id no comment has: the reply URL's pattern, reversed once
        self.reply_url = reverse("comments-xtd-reply", args=[marker]).replace(str(marker), "{}")
        self.datetime_format = get_format("DATETIME_FORMAT")

    def render(self, nodes):
        parts = []
        self.list(nodes, parts, '<ol class="comment-list">')
        return mark_safe("".join(parts))  # noqa: S308 - every piece built by format_html

    def list(self, nodes, parts, opening):
        parts.append(opening)
        for node in nodes:
            self.item(node, parts)
        parts.append("</ol>")

    def item(self, node, parts):
        comment = node.comment
        classes = "comment" + " comment--by-author" * node.by_author
        classes += " comment--hidden" * (not node.visible)
        parts.append(format_html('<li class="{}" id="c{}">\n  ', classes, comment.pk))
        if node.visible and comment.pk == self.published_id:
            # Right after the reader confirmed it (comments/views.py): focused by published.js.
            parts.append(
                format_html(
                    '<p class="comment__published" id="comment-published" role="status" '
                    'tabindex="-1">{}</p>\n  ',
                    self.published_notice,
                )
            )
        if node.visible:
            parts.append(self.article(node))
        else:
            parts.append(format_html('<p class="comment__placeholder">{}</p>', self.placeholder))
        if node.children:
            parts.append("\n  ")
            self.list(node.children, parts, '<ol class="comment-list comment-list--replies">')
        parts.append("\n</li>")

    def article(self, node):
        comment = node.comment
        moment = timezone.localtime(comment.submit_date)
        website = web_address(comment.user_url)
        if website:
            author = format_html(
                '<a href="{}" rel="{}">{}</a>', website, LINK_REL, comment.user_name
            )
        else:
            author = conditional_escape(comment.user_name)
        badge = format_html('<span class="comment__badge">{}</span>', self.author_badge)
        actions = ""
        if node.can_reply:
            actions = format_html(
                '\n    <p class="comment__actions"><a class="comment__reply" href="{}" '
                'aria-label="{}">{}</a></p>',
                self.reply_url.format(comment.pk),
                self.reply_to % {"name": comment.user_name},
                self.reply_label,
            )
        return format_html(
            '<article class="comment__inner" aria-labelledby="c{pk}-author">\n'
            '    <header class="comment__header">\n'
            '      <span class="comment__author" id="c{pk}-author">{author}</span>{badge}\n'
            '      <a class="comment__permalink" href="#c{pk}">'
            '<time datetime="{iso}">{shown}</time></a>\n    </header>\n'
            "{answers}"
            '    <div class="comment__body">{body}</div>{actions}\n  </article>',
            pk=comment.pk,
            author=author,
            badge=format_html("\n      {}", badge) if node.by_author else "",
            iso=moment.isoformat(),
            shown=DateFormat(moment).format(self.datetime_format),
            body=comment_html(comment),
            actions=actions,
            answers=self.answers(node),
        )

    def answers(self, node):
        """「返信先: 名前」, linked to the comment answered, for a reply shown beside it."""
        parent = node.answers
        if parent is None:
            return ""
        label = (
            self.answers_label % {"name": parent.user_name}
            if parent.is_visible
            else self.answers_hidden
        )
        return format_html(
            '    <p class="comment__answers"><a href="#c{}">{}</a></p>\n', parent.pk, label
        )


def comment_html(comment):
    return render_comment(comment.comment or "")


def web_address(url):
    """A reader's website only if it is an http(s) address: the form and the admin accept no
    other, and this keeps a javascript: URL written into the database some other way inert."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def render_threads(nodes, published_id=None):
    return TreeRenderer(published_id).render(nodes)
