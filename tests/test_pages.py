"""What readers see: the home page, listings, the article page, tags, 404."""

import re

from wagtail.models import Page

import pytest
import support_pages as pages

from articles.models import ArticleIndexPage, ArticlePage
from home.models import HomePage

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_home_lists_the_latest_articles_newest_first(client):
    pages.article("古い記事", published_days_ago=10)
    pages.article("新しい記事", published_days_ago=1)
    html = get(client, "/")
    assert html.index("新しい記事") < html.index("古い記事")
    assert '<html lang="ja">' in html


def test_listings_paginate_and_survive_bad_page_numbers(client):
    for number in range(12):
        pages.article(f"記事{number:02d}", published_days_ago=number + 1)
    first = get(client, "/articles/")
    assert "記事00" in first and "記事11" not in first
    assert "記事11" in get(client, "/articles/?page=2")
    for bad in ["abc", "-1", "0", "999999", "1e9", "%00"]:
        get(client, f"/articles/?page={bad}")
        get(client, f"/?page={bad}")


def test_drafts_do_not_appear_in_listings_or_at_their_url(client):
    draft = pages.article("下書きの記事", publish=False)
    assert "下書きの記事" not in get(client, "/")
    assert "下書きの記事" not in get(client, "/articles/")
    get(client, f"/articles/{draft.slug}/", status=404)


def test_article_page_shows_everything_a_reader_expects(client):
    author = pages.author()
    body = [
        ("heading", {"text": "最初の章", "level": "h2"}),
        ("paragraph", "<p>" + "あ" * 1200 + "</p>"),
        ("heading", {"text": "まとめ", "level": "h3"}),
        ("quote", {"text": "名言", "source": "誰か"}),
        ("heading", {"text": "まとめ", "level": "h3"}),
    ]
    page = pages.article("読みやすい記事", body=body, author=author, tags=["執筆", "Wagtail"])
    html = get(client, page.url)
    assert '<h1 class="article__title">読みやすい記事</h1>' in html
    assert "リード文です。" in html
    assert re.search(r"<time datetime=\"\d{4}-\d{2}-\d{2}\">\d{4}年\d{1,2}月\d{1,2}日</time>", html)
    assert "約3分" in html
    # The table of contents links to every heading, duplicates included.
    for anchor in ["最初の章", "まとめ", "まとめ-2"]:
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
    assert "試験 太郎" in html and "紹介文。" in html
    assert "#執筆" in html and 'href="/articles/tag/' in html


def test_article_links_to_previous_and_next(client):
    older = pages.article("前の記事", published_days_ago=3)
    middle = pages.article("真ん中の記事", published_days_ago=2)
    newer = pages.article("次の記事", published_days_ago=1)
    html = get(client, middle.url)
    assert f'rel="prev" href="{older.url}"' in html
    assert f'rel="next" href="{newer.url}"' in html


def test_tag_page_lists_only_tagged_articles(client):
    pages.article("タグ付き", tags=["執筆"])
    pages.article("タグなし")
    html = get(client, "/articles/tag/執筆/")
    assert "タグ付き" in html and "タグなし" not in html
    get(client, "/articles/tag/no-such-tag/", status=404)


def test_missing_pages_get_the_site_404(client):
    html = get(client, "/no/such/page/", status=404)
    assert "site-header" in html and "ページが見つかりません" in html


def test_page_tree_rules():
    home = pages.home_page()
    assert ArticleIndexPage.can_create_at(home)
    assert not ArticlePage.can_create_at(home)
    assert not ArticleIndexPage.can_create_at(Page.get_first_root_node())
    assert not HomePage.can_create_at(Page.get_first_root_node())  # only one home page
    assert ArticlePage.allowed_parent_page_models() == [ArticleIndexPage]
    assert ArticlePage.allowed_subpage_models() == []
    index = pages.article_index()
    assert ArticlePage.can_create_at(index)


def test_previous_and_next_are_one_query_on_every_database(django_assert_num_queries):
    """No UNION of sliced queries: SQLite refuses them (LIMIT/OFFSET in compound statements)."""
    older = pages.article("前", published_days_ago=3)
    middle = pages.article("中", published_days_ago=2)
    newer = pages.article("後", published_days_ago=1)
    page = type(middle).objects.get(pk=middle.pk)
    page.__dict__["_public_links"] = page._public_links  # the restrictions read once, before
    with django_assert_num_queries(1):
        assert page.neighbours_by_date() == (older, newer)
