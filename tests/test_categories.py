"""Categories (カテゴリー): nested sections of the blog, each with its own archive page."""

import importlib
import re
import xml.etree.ElementTree as ET

from django.apps import apps
from django.core.exceptions import ValidationError

import pytest
import support_pages as pages

from articles.models import ArticlePage, Category

pytestmark = pytest.mark.django_db


def category(name, slug, parent=None):
    return Category.objects.create(name=name, slug=slug, parent=parent)


def test_a_category_page_lists_its_articles_and_those_of_its_subcategories(client):
    tech = category("技術", "tech")
    python = category("Python", "python", parent=tech)
    life = category("暮らし", "life")
    pages.article("型ヒントの話", categories=[python])
    pages.article("設計の話", categories=[tech])
    pages.article("散歩の話", categories=[life])

    html = client.get("/articles/category/tech/").content.decode()
    assert "型ヒントの話" in html and "設計の話" in html
    assert "散歩の話" not in html

    html = client.get("/articles/category/tech/python/").content.decode()
    assert "型ヒントの話" in html and "設計の話" not in html


def test_the_category_overview_lists_every_category_with_its_subcategories_inside(client):
    tech = category("技術", "tech")
    category("Python", "python", parent=tech)
    category("暮らし", "life")
    pages.article("記事", categories=[tech])

    response = client.get("/articles/category/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>カテゴリー一覧</h1>" in html
    nested = re.search(
        r'<a href="/articles/category/tech/">技術</a>\s*<ul class="category-tree">'
        r'\s*<li><a href="/articles/category/tech/python/">Python</a>',
        html,
    )
    assert nested, "the subcategory is listed inside its parent"
    assert '<a href="/articles/category/life/">暮らし</a>' in html


def test_the_category_overview_without_categories_says_so(client):
    pages.article("記事")
    assert "カテゴリーはまだありません。" in client.get("/articles/category/").content.decode()


def test_an_article_in_two_nested_categories_is_listed_once(client):
    tech = category("技術", "tech")
    python = category("Python", "python", parent=tech)
    page = pages.article("一度だけ出る記事", categories=[tech, python])
    listed = client.get("/articles/category/tech/").context["articles"]
    assert [article.pk for article in listed] == [page.pk]


def test_a_short_or_wrong_path_redirects_to_the_full_one(client):
    python = category("Python", "python", parent=category("技術", "tech"))
    pages.article("記事", categories=[python])
    for wrong in ["/articles/category/python/", "/articles/category/life/python/"]:
        response = client.get(wrong)
        assert response.status_code == 301
        assert response["Location"] == "/articles/category/tech/python/"
    assert client.get("/articles/category/nothing/").status_code == 404


def test_japanese_slugs_work_in_the_address(client):
    category("日本語", "日本語")
    pages.article_index()
    assert client.get("/articles/category/日本語/").status_code == 200


def test_a_category_cannot_be_moved_inside_itself():
    tech = category("技術", "tech")
    python = category("Python", "python", parent=tech)
    tech.parent = python
    with pytest.raises(ValidationError):
        tech.full_clean()
    python.parent = python
    with pytest.raises(ValidationError):
        python.full_clean()


def test_names_show_the_whole_path_for_the_author(client):
    python = category("Python", "python", parent=category("技術", "tech"))
    assert str(python) == "技術 › Python"
    assert pages.article_index().category_url(python) == "/articles/category/tech/python/"


def test_the_author_manages_categories_and_ticks_them_on_the_article(admin_client):
    tech = category("技術", "tech")
    page = pages.article("記事")
    listing = admin_client.get("/admin/snippets/articles/category/", HTTP_ACCEPT_LANGUAGE="ja")
    assert listing.status_code == 200 and "技術" in listing.content.decode()
    editor = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert f'name="categories" value="{tech.pk}"' in editor
    searched = admin_client.get("/admin/snippets/articles/category/?q=技術")
    assert searched.status_code == 200 and "技術" in searched.content.decode()


# ---------------------------------------------------------------- the primary category


def add_article_in_admin(admin_client, categories, primary=""):
    from test_admin_editing import article_form_data

    index = pages.article_index()
    data = article_form_data("主カテゴリーの記事")
    data.update(categories=[c.pk for c in categories], primary_category=primary and primary.pk)
    return admin_client.post(f"/admin/pages/add/articles/articlepage/{index.pk}/", data)


def test_the_primary_category_must_be_one_of_the_articles_categories(admin_client):
    tech, life = category("技術", "tech"), category("暮らし", "life")
    response = add_article_in_admin(admin_client, [tech], primary=life)
    assert response.status_code == 200
    html = response.content.decode()
    assert "主カテゴリーには、上でチェックしたカテゴリーのどれかを選んでください。" in html
    assert not ArticlePage.objects.filter(title="主カテゴリーの記事").exists()

    assert add_article_in_admin(admin_client, [tech, life], primary=life).status_code == 302
    assert ArticlePage.objects.get(title="主カテゴリーの記事").primary_category == life


def test_without_a_choice_the_first_category_becomes_the_primary_one(admin_client):
    life = Category.objects.create(name="暮らし", slug="life", sort_order=2)
    tech = Category.objects.create(name="技術", slug="tech", sort_order=1)  # listed first
    assert add_article_in_admin(admin_client, [life, tech]).status_code == 302
    page = ArticlePage.objects.get(title="主カテゴリーの記事")
    page.save_revision().publish()
    assert ArticlePage.objects.get(pk=page.pk).primary_category == tech


def test_unticking_the_category_the_site_chose_as_primary_moves_it_to_the_next(admin_client):
    tech, life = category("技術", "tech"), category("暮らし", "life")
    assert add_article_in_admin(admin_client, [tech, life]).status_code == 302
    page = ArticlePage.objects.get(title="主カテゴリーの記事")
    assert page.primary_category == tech  # filled in on save, never picked by the editor

    from test_admin_editing import article_form_data

    data = article_form_data("主カテゴリーの記事")
    # The editor sees the stored primary category in the form and leaves it as it is.
    data.update(categories=[life.pk], primary_category=tech.pk)
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)

    assert response.status_code == 302
    assert (
        ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object().primary_category == life
    )


def test_the_editor_names_the_primary_category_in_japanese():
    from django.utils import translation

    with translation.override("ja"):
        field = ArticlePage._meta.get_field("primary_category")
        assert str(field.verbose_name) == "主カテゴリー"
        assert "カード" in str(field.help_text) and "パンくずリスト" in str(field.help_text)


def test_breadcrumbs_card_json_ld_and_feed_follow_the_primary_category(client):
    tech, life = category("技術", "tech"), category("暮らし", "life")
    page = pages.article("暮らしの道具の話", categories=[tech, life], primary_category=life)

    html = client.get(page.url).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)[0]
    assert "暮らし" in crumbs and "技術" not in crumbs
    assert '"articleSection": "暮らし"' in html

    card = re.search(r'<article class="card">.*?</article>', client.get("/").content.decode(), re.S)
    assert '<span class="card__category">暮らし</span>' in card[0]

    item = ET.fromstring(client.get("/feed/").content).find("channel/item")
    assert item.findtext("category") == "暮らし"


def test_a_primary_category_no_longer_among_the_categories_gives_way_to_the_first(client):
    tech, life = category("技術", "tech"), category("暮らし", "life")
    page = pages.article("記事", categories=[tech], primary_category=life)
    assert page.primary_category_or_first == tech


def test_the_migration_fills_the_primary_category_of_existing_articles():
    tech = Category.objects.create(name="技術", slug="tech", sort_order=2)
    life = Category.objects.create(name="暮らし", slug="life", sort_order=1)
    page = pages.article("記事", categories=[tech, life])
    none = pages.article("カテゴリーのない記事")
    ArticlePage.objects.update(primary_category=None)

    migration = importlib.import_module("articles.migrations.0012_primary_category")
    migration.fill_primary_category(apps, None)
    assert ArticlePage.objects.get(pk=page.pk).primary_category == life  # listed first
    assert ArticlePage.objects.get(pk=none.pk).primary_category is None


# ---------------------------------------------------------------- a feed per category


def feed_titles(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return {item.findtext("title") for item in ET.fromstring(response.content).iter("item")}


def test_each_category_has_a_feed_with_its_subcategories_linked_from_its_page(client):
    tech = category("技術", "tech")
    python = category("Python", "python", parent=tech)
    pages.article("型ヒントの話", categories=[python])
    pages.article("設計の話", categories=[tech])
    pages.article("散歩の話", categories=[category("暮らし", "life")])
    pages.article("下書き", categories=[tech], publish=False)

    html = client.get("/articles/category/tech/").content.decode()
    alternates = re.findall(r'<link rel="alternate" type="application/rss\+xml"([^>]*)>', html)
    assert ' href="/articles/category/tech/feed/" title="技術"' in alternates
    assert '<a href="/articles/category/tech/feed/">このカテゴリーの RSS フィード</a>' in html

    response = client.get("/articles/category/tech/feed/")
    assert feed_titles(response) == {"型ヒントの話", "設計の話"}
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("link").endswith("/articles/category/tech/")
    assert channel.findtext("title").endswith("技術")
    assert feed_titles(client.get("/articles/category/tech/python/feed/")) == {"型ヒントの話"}


def test_a_category_feed_at_a_short_path_redirects_and_an_unknown_one_is_404(client):
    category("Python", "python", parent=category("技術", "tech"))
    pages.article_index()
    response = client.get("/articles/category/python/feed/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/category/tech/python/feed/"
    assert client.get("/articles/category/nothing/feed/").status_code == 404


def test_a_subcategory_called_feed_keeps_its_page(client):
    news = category("お知らせ", "news")
    category("フィード", "feed", parent=news)
    pages.article("フィードの話", categories=[Category.objects.get(slug="feed")])
    response = client.get("/articles/category/news/feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "フィードの話" in response.content.decode()
