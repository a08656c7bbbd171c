"""The benchmark generator's bulk inserts (home/bulk.py): tree positions where treebeard itself
puts pages, a tree treebeard finds no problem in, and rows that read back as Django wrote them."""

from django.core.management import call_command
from django.db.models import F

from wagtail.models import Page

import pytest

from articles.models import ArticleIndexPage, ArticlePage
from comments.models import BlogComment
from home.bulk import tree_path
from home.management.commands.generate_bench_data import FIRST_STEP, TARGET_SLUG
from home.models import HomePage

pytestmark = pytest.mark.django_db


def no_tree_problems():
    """treebeard's own check: bad characters, step lengths, orphans, depths, child counts."""
    return all(not problems for problems in Page.find_problems())


def test_tree_path_is_where_treebeard_puts_a_child():
    parent = HomePage.objects.get().add_child(instance=ArticleIndexPage(title="索引", slug="idx"))
    first = parent.add_child(instance=ArticleIndexPage(title="一", slug="one"))
    second = parent.add_child(instance=ArticleIndexPage(title="二", slug="two"))
    assert first.path == tree_path(parent.path, 1)
    assert second.path == tree_path(parent.path, 2)
    assert tree_path("0001", 36) == "00010010"
    assert tree_path("0001", FIRST_STEP) == "00011000"
    assert tree_path("0001", 36**4 - 1) == "0001ZZZZ"
    with pytest.raises(ValueError):
        tree_path("0001", 36**4)


def test_generated_pages_make_a_valid_tree_that_editors_can_add_to():
    call_command("generate_bench_data", articles=4, comments=20, jobs=1, stdout=None)
    assert no_tree_problems()
    index = ArticlePage.objects.get(slug=TARGET_SLUG).get_parent()
    assert index.get_children().count() == 4
    index.add_child(instance=ArticleIndexPage(title="編集者のページ", slug="by-an-editor"))
    assert no_tree_problems()
    assert index.get_children().count() == 5


def test_generated_rows_read_back_as_django_wrote_them():
    call_command("generate_bench_data", articles=2, comments=0, jobs=1, stdout=None)
    article = ArticlePage.objects.get(slug=TARGET_SLUG)
    assert article.url == f"{article.get_parent().url}{TARGET_SLUG}/"
    assert {block.block_type for block in article.body} >= {"heading", "paragraph", "image"}
    assert article.author.name and article.tags.count() >= 2
    comments = BlogComment.objects.for_page(article)
    assert comments.count() == 100
    replies = comments.exclude(parent_id=F("pk"))
    assert replies.exists()
    for reply in replies:
        parent = comments.get(pk=reply.parent_id)
        assert reply.thread_id == parent.thread_id and reply.level == parent.level + 1
