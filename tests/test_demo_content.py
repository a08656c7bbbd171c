from io import StringIO

from django.core.management import call_command
from django.test import Client

import pytest

from articles.models import ArticlePage
from articles.outline import body_text, outline
from home import demo_content

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_loader_is_idempotent():
    load()
    counts = ArticlePage.objects.count(), ArticlePage.objects.live().count()
    assert counts == (len(demo_content.ARTICLES), len(demo_content.ARTICLES))
    assert "0 article(s) added" in load()
    assert (ArticlePage.objects.count(), ArticlePage.objects.live().count()) == counts


def test_if_empty_leaves_an_existing_site_alone():
    load()
    ArticlePage.objects.get(slug="estimates-as-ranges").delete()
    call_command("load_demo", "--if-empty", stdout=StringIO())
    assert not ArticlePage.objects.filter(slug="estimates-as-ranges").exists()


def test_long_japanese_article_uses_every_block_type():
    load()
    long_article = max(ArticlePage.objects.all(), key=lambda page: len(body_text(page.body)))
    types = [block.block_type for block in long_article.body]
    assert set(types) == {
        "heading",
        "paragraph",
        "bullet_list",
        "quote",
        "markdown",
        "image",
        "embed",
        "callout",
        "code",
        "table",
        "gallery",
        "balloon",
        "link_card",
    }
    assert types.count("bullet_list") >= 3 and types.count("quote") >= 2
    levels = [entry.level for entry in outline(long_article.body)]
    assert levels.count(2) >= 2 and levels.count(3) >= 2
    assert len(body_text(long_article.body)) >= 3000


def test_demo_is_linked_from_the_home_page_and_renders():
    load()
    client = Client()
    home = client.get("/").content.decode()
    for page in ArticlePage.objects.live():
        assert page.url in home or client.get("/?page=2").status_code == 200
        response = client.get(page.url)
        assert response.status_code == 200, page.slug
    english = ArticlePage.objects.get(slug="writing-a-tech-blog-in-two-languages")
    assert "Two Languages" in client.get(english.url).content.decode()
