"""The comment threads of an article: a tree (one query), and its HTML."""

from dataclasses import dataclass, field
from html import escape

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import DateFormat
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from .models import BlogComment
from .replies import accepts_replies, max_level
from .stored_html import store, stored_html
from .text import LINK_REL


@dataclass
class Node:
    comment: BlogComment
    by_author: bool = False
    can_reply: bool = False
    children: list = field(default_factory=list)
    depth: int = 0  # the level it is shown at (its xtd level, or less when that is too deep)
    siblings: list = None  # the list it is shown in
    answers: BlogComment = None  # its real parent, when shown beside it instead of under it
    html: str = ""  # the comment's text as HTML (comments/stored_html.py)

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


# What the threads show and need to be placed: not the reader's email address or IP address.
SHOWN_FIELDS = (
    "comment", "user_name", "user_url", "submit_date", "user_id",
    "is_public", "is_removed", "parent_id", "level", "thread_id", "order",
    "stored_html__source_digest", "stored_html__html",
)  # fmt: skip


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
        .select_related("stored_html")
        .only(*SHOWN_FIELDS)
    )
    deepest = max_level(article)
    nodes, roots, count, unstored = {}, [], 0, []
    for comment in comments:
        node = Node(
            comment=comment,
            by_author=bool(author_user_id) and comment.user_id == author_user_id,
            can_reply=replies_open and comment.is_visible and accepts_replies(comment, deepest),
        )
        nodes[comment.pk] = node
        count += comment.is_visible
        if comment.is_visible:
            node.html = stored_html(comment)
            if node.html is None:
                unstored.append(node)
        if comment.parent_id == comment.pk:
            node.siblings = roots
        elif comment.parent_id in nodes:
            _attach(node, nodes[comment.parent_id], deepest)
        else:
            continue  # its parent is awaiting approval or gone; it cannot be placed
        node.siblings.append(node)
    _store_missing(unstored)
    return _prune(roots), count


def _store_missing(nodes):
    """Comments saved without the signal (bulk writes, before stored HTML existed): rendered
    now and stored, in one query, so the next view reads them."""
    if nodes:
        for node, html in zip(nodes, store([node.comment for node in nodes]), strict=True):
            node.html = html


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
    same for every comment (translations, the reply URL's pattern, the date format) is worked
    out once, and the pieces are joined as plain strings: format_html() per piece cost more
    than the comment itself.

    The markup is what the comment templates gave: <ol class="comment-list">, one <li
    id="c…"> per comment, replies in a nested <ol>. Every piece of reader text (name, address,
    comment, date) goes through html.escape, as format_html() would escape it.
    """

    def __init__(self, published_id=None):
        self.published_id = published_id
        notice = escape(gettext("Your comment is now public."))
        # Right after the reader confirmed the comment (comments/published.py): focused by
        # published.js.
        self.published = (
            f'<p class="comment__published" id="comment-published" role="status" '
            f'tabindex="-1">{notice}</p>\n  '
        )
        badge = escape(pgettext("comments", "Author"))
        self.badge = f'\n      <span class="comment__badge">{badge}</span>'
        self.reply_label = escape(pgettext("comments", "Reply"))
        self.reply_to = gettext("Reply to %(name)s")
        self.placeholder = escape(gettext("This comment has been hidden by the site's moderator."))
        self.answers_label = gettext("In reply to %(name)s")
        self.answers_hidden = escape(gettext("In reply to a hidden comment"))
        marker = 2_147_483_647  # an id no comment has: the reply URL's pattern, reversed once
        self.reply_url = reverse("comments-xtd-reply", args=[marker]).replace(str(marker), "{}")
        self.date_format = MomentFormat(get_format("DATETIME_FORMAT"))

    def render(self, nodes):
        parts = []
        self.list(nodes, parts, '<ol class="comment-list">')
        return mark_safe("".join(parts))  # noqa: S308 - reader text escaped piece by piece

    def list(self, nodes, parts, opening):
        parts.append(opening)
        for node in nodes:
            self.item(node, parts)
        parts.append("</ol>")

    def item(self, node, parts):
        comment = node.comment
        classes = "comment" + " comment--by-author" * node.by_author
        classes += " comment--hidden" * (not node.visible)
        parts.append(f'<li class="{classes}" id="c{comment.pk}">\n  ')
        if node.visible and comment.pk == self.published_id:
            parts.append(self.published)
        if node.visible:
            parts.append(self.article(node))
        else:
            parts.append(f'<p class="comment__placeholder">{self.placeholder}</p>')
        if node.children:
            parts.append("\n  ")
            self.list(node.children, parts, '<ol class="comment-list comment-list--replies">')
        parts.append("\n</li>")

    def article(self, node):
        comment = node.comment
        pk = comment.pk
        moment = timezone.localtime(comment.submit_date)
        name = escape(comment.user_name)
        website = web_address(comment.user_url)
        author = f'<a href="{escape(website)}" rel="{LINK_REL}">{name}</a>' if website else name
        actions = ""
        if node.can_reply:
            label = escape(self.reply_to % {"name": comment.user_name})
            actions = (
                f'\n    <p class="comment__actions"><a class="comment__reply" '
                f'href="{escape(self.reply_url.format(pk))}" aria-label="{label}">'
                f"{self.reply_label}</a></p>"
            )
        return (
            f'<article class="comment__inner" aria-labelledby="c{pk}-author">\n'
            f'    <header class="comment__header">\n'
            f'      <span class="comment__author" id="c{pk}-author">{author}</span>'
            f"{self.badge if node.by_author else ''}\n"
            f'      <a class="comment__permalink" href="#c{pk}">'
            f'<time datetime="{escape(moment.isoformat())}">'
            f"{escape(self.date_format.format(moment))}</time></a>\n    </header>\n"
            f"{self.answers(node)}"
            f'    <div class="comment__body">{node.html}</div>{actions}\n  </article>'
        )

    def answers(self, node):
        """「返信先: 名前」, linked to the comment answered, for a reply shown beside it."""
        parent = node.answers
        if parent is None:
            return ""
        label = (
            escape(self.answers_label % {"name": parent.user_name})
            if parent.is_visible
            else self.answers_hidden
        )
        return f'    <p class="comment__answers"><a href="#c{parent.pk}">{label}</a></p>\n'


class MomentFormat:
    """A date format split once into text and DateFormat's format characters, as
    DateFormat.format() splits it on every call (a quarter of a comment's cost): a backslash
    makes the next character literal; other letters that are format characters (DateFormat's
    one-letter methods) are replaced by their value."""

    def __init__(self, format_string):
        self.pieces, literal = [], False
        for char in str(format_string):
            if literal or char != "\\":
                is_code = not literal and len(char) == 1 and char.isascii() and char.isalpha()
                self.pieces.append((char, is_code and callable(getattr(DateFormat, char, None))))
                literal = False
            else:
                literal = True

    def format(self, moment):
        formatter = DateFormat(moment)
        return "".join(
            str(getattr(formatter, char)()) if is_code else char for char, is_code in self.pieces
        )


def web_address(url):
    """A reader's website only if it is an http(s) address: the form and the admin accept no
    other, and this keeps a javascript: URL written into the database some other way inert."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def render_threads(nodes, published_id=None):
    return TreeRenderer(published_id).render(nodes)
