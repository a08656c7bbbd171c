"""The chrome around every page, read from data kept in the cache (articles/navigation.py):
the header's menu and the sidebar come from one read of the scope tokens, follow a change at
once, and a listing's cards bring their picture renditions with the articles."""

import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import support_pages as pages
from test_discovery import make_image

from comments.models import CommentSettings
from pages.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def menu_of(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200, url
    return re.search(r'<nav class="site-nav".*?</nav>', response.content.decode(), re.S)[0]


def fixed_page(title, slug, show_in_menus=True):
    page = StandardPage(title=title, slug=slug, show_in_menus=show_in_menus)
    pages.home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_menu_lists_live_pages_shown_in_menus(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fixed_page("プロフィール", "profile")
        fixed_page("隠しページ", "hidden", show_in_menus=False)
    menu = menu_of(client)
    assert '<a href="/profile/">プロフィール</a>' in menu
    assert "隠しページ" not in menu
    assert menu == menu_of(client, "/search/?query=x")  # the same menu on every page


def test_the_menu_follows_an_unpublished_or_renamed_page_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        profile = fixed_page("プロフィール", "profile")
        policy = fixed_page("規約", "policy")
    assert "プロフィール" in menu_of(client)
    with django_capture_on_commit_callbacks(execute=True):
        profile.unpublish()
        policy.title = "利用規約"
        policy.save_revision().publish()
    menu = menu_of(client)
    assert "プロフィール" not in menu and ">利用規約</a>" in menu


def test_the_header_and_sidebar_read_the_scope_tokens_once(client):
    pages.article("記事", author=pages.author())
    client.get("/")  # the menu and the sidebar built and kept
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    token_reads = [q for q in queries if "caching_scopetoken" in q["sql"]]
    menu_reads = [q for q in queries if "show_in_menus" in q["sql"].partition("WHERE")[2]]
    assert len(token_reads) == 1 and not menu_reads
    assert '<aside class="sidebar"' in html and "試験 太郎" in html


def test_a_search_page_shows_the_sites_sidebar(client):
    pages.article("記事", tags=["設計"], author=pages.author())
    sidebar = re.search(
        r'<aside class="sidebar".*?</aside>', client.get("/search/?query=x").content.decode(), re.S
    )[0]
    assert "試験 太郎" in sidebar and "#設計" in sidebar and 'href="/articles/tag/"' in sidebar


def test_listing_cards_bring_their_renditions_with_the_articles(client, monkeypatch):
    for number in range(3):
        pages.article(f"画像のある記事{number}", hero_image=make_image(), published_days_ago=number)
    client.get("/")  # renditions made once
    written = []
    original_set_many = cache.set_many

    def spied_set_many(data, *args, **kwargs):
        written.append(data)
        return original_set_many(data, *args, **kwargs)

    monkeypatch.setattr(cache, "set_many", spied_set_many)
    html = client.get("/").content.decode()
    assert html.count("<picture>") == 3
    assert not [keys for keys in written if any("rendition" in key for key in keys)]


def test_the_sidebar_shows_portraits_without_reading_images_per_view(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        writer = pages.author()
        writer.avatar = make_image()
        writer.save()
        pages.article("記事", author=writer)
    client.get("/search/?query=x")  # the sidebar built with the portrait's rendition
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/search/?query=x").content.decode()
    sidebar = re.search(r'<aside class="sidebar".*?</aside>', html, re.S)[0]
    portrait = re.search(r'<img class="profile__avatar" src="([^"]+)"', sidebar)[1]
    assert ".fill-128x128" in portrait
    assert not [q for q in queries if "wagtailimages_" in q["sql"]]


def test_a_card_links_its_article_and_falls_back_to_the_generated_image(client):
    article = pages.article("画像のない記事")
    html = client.get("/").content.decode()
    card = re.search(r'<article class="card">.*?</article>', html, re.S)[0]
    assert card.count(f'href="{article.url}"') == 2  # picture and title (no comments yet)
    generated = re.search(r'<img class="card__image" src="([^"]+)"', card)[1]
    assert generated.endswith(".png") and f"/{article.pk}/" in generated


def test_comment_settings_come_with_the_chrome_and_follow_a_change(
    client, django_capture_on_commit_callbacks
):
    article = pages.article("記事", published_days_ago=5)
    client.get(article.url)  # the settings kept under the site token
    with CaptureQueriesContext(connection) as queries:
        html = client.get(article.url).content.decode()
    assert not [q for q in queries if "comments_commentsettings" in q["sql"]]
    assert 'class="comment-form"' in html
    with django_capture_on_commit_callbacks(execute=True):
        chosen = CommentSettings.load()
        chosen.close_after_days = 3  # the article is five days old: closed at once
        chosen.save()
    html = client.get(article.url).content.decode()
    assert 'class="comment-form"' not in html and "comments__closed" in html


def test_a_preview_never_stores_the_chrome_readers_are_shown(client):
    """A list page previewed with a new slug: its sidebar links use the draft's address, and
    must not be kept under the key readers' pages read (the live list keeps its address)."""
    article = pages.article("記事", tags=["クローム"])  # the sidebar lists the tag
    index = pages.article_index()
    index.slug = "draft-slug"
    index.save_revision()  # a draft: the live list is still at /articles/
    preview = index.get_latest_revision_as_object().make_preview_request()
    assert preview.status_code == 200
    assert "/draft-slug/" in preview.content.decode()  # the preview shows its draft
    html = client.get(article.url).content.decode()
    sidebar = re.search(r'<aside class="sidebar".*?</aside>', html, re.S)[0]
    assert "/draft-slug/" not in sidebar and "/articles/" in sidebar
