"""Helpers for the comment tests (tests/test_comments*.py): articles, comments, and the data
the comment form posts. The page tree comes from support_pages (conftest restores it after a
transactional test's flush)."""

import re
from datetime import timedelta

from django.utils import timezone

from support_pages import article_index

from articles.models import ArticlePage, Author
from comments.forms import CommentForm
from comments.models import BlogComment, CommentSettings
from comments.posting import create_comment

URL_IN_TEXT = re.compile(r"https?://\S+")


def make_article(
    title="縦書きと横書き", *, slug=None, author_user=None, days_old=1, comments_open=True
):
    author = None
    if author_user is not None:
        author = Author.objects.create(
            name="山田 花子", slug=f"author-{author_user.pk}", user=author_user
        )
    published = timezone.now() - timedelta(days=days_old)
    page = ArticlePage(
        title=title,
        slug=slug or f"article-{ArticlePage.objects.count() + 1}",
        lead="縦書きと横書きの違いについて。",
        body=[("paragraph", "<p>本文です。</p>")],
        author=author,
        comments_open=comments_open,
        first_published_at=published,
    )
    article_index().add_child(instance=page)
    ArticlePage.objects.filter(pk=page.pk).update(first_published_at=published)
    page.refresh_from_db()
    return page


def form_data(article, *, parent=None, **fields):
    """The fields a browser sends from the article's (or a reply page's) form."""
    form = CommentForm(article)
    data = {
        **form.generate_security_data(),
        "name": "読者 太郎",
        "email": "reader@example.jp",
        "url": "",
        "comment": "とても参考になりました。縦書きの組版について、もっと知りたいです。",
        "reply_to": str(parent.pk if parent else 0),
        "honeypot": "",
    }
    data.update(fields)
    if data.pop("followup", False):
        data["followup"] = "on"
    return data


def show_levels(depth):
    """Set the comment settings' levels shown (and open to replies)."""
    chosen = CommentSettings.load()
    chosen.display_depth = depth
    chosen.save()


def add_comment(
    article,
    *,
    name="読者 太郎",
    email="reader@example.jp",
    text="コメントです。",
    parent=None,
    user=None,
    followup=False,
    public=True,
):
    """A comment saved directly (as after its confirmation), for tests that need one."""
    comment, _ = create_comment(
        article,
        name=name,
        email=email,
        url="",
        text=text,
        followup=followup,
        parent_id=parent.pk if parent else 0,
        ip="192.0.2.1",
        user=user,
    )
    if comment.is_public != public:
        BlogComment.objects.filter(pk=comment.pk).update(is_public=public)
        comment.refresh_from_db()
    return comment


def links_in(message):
    """The absolute URLs in a received email's plain-text part."""
    return URL_IN_TEXT.findall(message.get_body(("plain",)).get_content())


def path_of(url):
    """The path (and query) of an absolute URL, for Django's test client."""
    return re.sub(r"^https?://[^/]+", "", url)
