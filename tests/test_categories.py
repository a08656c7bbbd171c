"""Categories (カテゴリー): nested sections of the blog, each with its own archive page."""

from django.core.exceptions import ValidationError

import pytest
import support_pages as pages

from articles.models import Category

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
