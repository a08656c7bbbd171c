"""An article's tags and categories kept on its row for its own page (articles/taxonomy.py):
no query for them once stored, and never stale: a save of the article, a renamed tag, a
renamed, moved or deleted category all show at the next view."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import support_pages as pages
from taggit.models import Tag

from articles.models import ArticlePage, Category
from articles.taxonomy import taxonomy_to_store

pytestmark = pytest.mark.django_db


def view(client, page):
    """(the article's own part of its page, the SQL of the queries)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    article = re.search(r'<article class="article".*?</article>', html, re.S)[0]
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)[0]
    json_ld = re.search(r'"keywords": \[.*?\]', html)[0]
    return crumbs + article + json_ld, [query["sql"] for query in queries]


def reads_tags_or_categories(sql):
    """Whether a query read the article's tags or categories (the sidebar reads all of them
    apart from this)."""
    return any(
        '"articles_articlepagetag"."content_object_id" =' in query
        or '"articles_articlepage_categories"."articlepage_id" =' in query
        for query in sql
    )


@pytest.fixture
def filed_article():
    tech = Category.objects.create(name="技術", slug="tech")
    python = Category.objects.create(name="Python", slug="python", parent=tech)
    page = pages.article("型の話", slug="typing", tags=["型ヒント", "設計"], categories=[python])
    return page, tech, python


def test_the_second_view_reads_no_tag_or_category_and_shows_the_same(client, filed_article):
    page, _, _ = filed_article
    view(client, page)  # stores the body's HTML, the linked articles' ids
    ArticlePage.objects.filter(pk=page.pk).update(taxonomy=None)
    first, first_sql = view(client, page)
    assert reads_tags_or_categories(first_sql)
    assert ArticlePage.objects.get(pk=page.pk).taxonomy is not None
    second, second_sql = view(client, page)
    assert not reads_tags_or_categories(second_sql)
    assert len(second_sql) < len(first_sql) - 2
    assert second == first
    assert '<a class="category-label" href="/articles/category/tech/python/">Python</a>' in second
    assert 'href="/articles/tag/' in second and "#型ヒント" in second and "#設計" in second
    assert '"keywords": ["型ヒント", "設計"]' in second
    assert "技術" in second.split("</nav>")[0] and "Python" in second.split("</nav>")[0]


def test_a_renamed_tag_shows_at_the_next_view(client, filed_article):
    page, _, _ = filed_article
    view(client, page)
    tag = Tag.objects.get(name="設計")
    tag.name, tag.slug = "アーキテクチャ", "architecture"
    tag.save()
    html, _ = view(client, page)
    assert "#アーキテクチャ" in html and "#設計" not in html
    assert "/articles/tag/architecture/" in html


def test_a_renamed_or_moved_category_above_shows_at_the_next_view(client, filed_article):
    page, tech, python = filed_article
    view(client, page)
    tech.name, tech.slug = "技術メモ", "memo"
    tech.save()
    html, _ = view(client, page)
    assert "/articles/category/memo/python/" in html and "技術メモ" in html
    python.parent = None
    python.save()
    html, _ = view(client, page)
    assert "/articles/category/python/" in html and "技術メモ" not in html


def test_a_deleted_category_is_gone_at_the_next_view(client, filed_article):
    page, tech, python = filed_article
    view(client, page)
    python.delete()
    html, _ = view(client, page)
    assert "category-label" not in html and "Python" not in html


def test_new_tags_and_categories_of_a_publication_show(client, filed_article):
    page, tech, _ = filed_article
    view(client, page)
    draft = ArticlePage.objects.get(pk=page.pk)
    draft.tags.set(["新しいタグ"])
    draft.categories = [tech]
    draft.save_revision().publish()
    html, _ = view(client, page)
    assert "#新しいタグ" in html and "#設計" not in html
    assert "/articles/category/tech/" in html and "/articles/category/tech/python/" not in html


def test_a_view_that_read_the_old_tags_does_not_store_them_over_a_publication(client):
    """A publication drops the stored tags and counts the change: a view that read the row and
    its tags just before cannot store the old ones after it."""
    page = pages.article("型の話", slug="typing", tags=["旧タグ"])
    viewing = ArticlePage.objects.get(pk=page.pk)  # a reader's view reads the row...
    old = taxonomy_to_store(viewing.tag_list, viewing.category_list)  # ...and the tags
    editing = ArticlePage.objects.get(pk=page.pk)  # meanwhile an editor publishes new tags
    editing.tags.set(["新タグ"])
    editing.save_revision().publish()
    viewing.store_derived(taxonomy=old)  # the view finishes after the publication
    html = client.get(page.url).content.decode()
    assert "#新タグ" in html and "#旧タグ" not in html


def test_publication_keeps_counting_the_generation_up():
    page = pages.article("型の話", slug="typing2", tags=["旧タグ"])
    ArticlePage.objects.filter(pk=page.pk).update(derived_generation=5)
    editing = ArticlePage.objects.get(pk=page.pk)
    editing.save_revision().publish()
    assert ArticlePage.objects.get(pk=page.pk).derived_generation > 5
