"""The site with every cache off (issue #13): Django's caches are accelerators, so with each
alias a DummyCache (nothing kept, nothing found) the article, the home page and a search page
render the same header, sidebar, article and comments as with a working cache, on every view.
bench/cold_render.py measures this case as its "every cache off" rows."""

import re
from urllib.parse import quote

from django.core.cache import caches
from django.test import override_settings

import pytest
import support_pages as pages
from support_comments import add_comment
from test_discovery import make_image

from articles.models import Category

pytestmark = pytest.mark.django_db

DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
EVERY_CACHE_OFF = override_settings(CACHES={"default": DUMMY, "pages": DUMMY})
# The comment form's timestamp and signature change with the second: left out of the comparison.
COMMENT_FORM = re.compile(r'<form class="comment-form.*?</form>', re.S)


@pytest.fixture
def filed_article(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        writer = pages.author()
        writer.avatar = make_image("著者の写真")
        writer.save()
        category = Category.objects.create(name="技術", slug="tech")
        article = pages.article(
            "キャッシュのない記事", slug="no-cache", tags=["設計"], categories=[category],
            author=writer, hero_image=make_image(),
        )  # fmt: skip
        add_comment(article, name="読者 花子", text="キャッシュなしでも読めます。")
    return article


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return COMMENT_FORM.sub("", response.content.decode())


def test_every_cache_off_gives_the_same_pages(client, filed_article):
    urls = [filed_article.url, "/", "/search/?query=" + quote("キャッシュ")]
    cached = {url: page_of(client, url) for url in urls}
    with EVERY_CACHE_OFF:
        assert all(type(cache).__name__ == "DummyCache" for cache in caches.all())
        for url in urls:
            for _ in range(2):  # nothing was kept by the first view either
                assert page_of(client, url) == cached[url], url
    article = cached[filed_article.url]
    assert "キャッシュなしでも読めます。" in article and "#設計" in article
    assert "<picture>" in article and "profile__avatar" in article
    assert 'class="site-nav"' in article and '<aside class="sidebar"' in article
    assert [url for url in urls if '/articles/no-cache/"' not in cached[url]] == []
