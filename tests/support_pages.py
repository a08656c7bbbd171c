"""Small builders for page trees used by the tests (real pages, saved and published)."""

import datetime

from django.utils import timezone

from articles.models import ArticleIndexPage, ArticlePage, Author
from home.models import HomePage
from imports.models import ImportedPost

SAMPLE_BODY = [
    ("heading", {"text": "はじめに", "level": "h2"}),
    ("paragraph", "<p>長い記事を<b>気持ちよく</b>読むための工夫について書きます。</p>"),
    ("bullet_list", {"ordered": False, "items": ["<p>見出し</p>", "<p>箇条書き</p>"]}),
    ("quote", {"text": "「書くことは考えることだ」", "source": "ある編集者"}),
]


def home_page():
    return HomePage.site_root()


def article_index(slug="articles", title="記事一覧"):
    existing = ArticleIndexPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    index = ArticleIndexPage(title=title, slug=slug)
    home_page().add_child(instance=index)
    index.save_revision().publish()
    return index


def author(slug="tester", name="試験 太郎"):
    return Author.objects.get_or_create(slug=slug, defaults={"name": name, "bio": "紹介文。"})[0]


def article(
    title="テスト記事",
    slug=None,
    body=None,
    published_days_ago=None,
    publish=True,
    index=None,
    tags=(),
    categories=(),
    **fields,
):
    index = index or article_index()
    page = ArticlePage(
        title=title,
        slug=slug or f"article-{ArticlePage.objects.count() + 1}",
        lead=fields.pop("lead", "リード文です。"),
        body=SAMPLE_BODY if body is None else body,
        live=publish,
        **fields,
    )
    if tags:
        page.tags.add(*tags)
    if categories:
        page.categories = list(categories)
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        if published_days_ago is not None:
            moment = timezone.now() - datetime.timedelta(days=published_days_ago)
            ArticlePage.objects.filter(pk=page.pk).update(first_published_at=moment)
            page.refresh_from_db()
    return page


def imported_page(wp_id):
    """The page an import made of the WordPress item with this post id."""
    return ImportedPost.objects.get(wp_id=wp_id).page.specific
