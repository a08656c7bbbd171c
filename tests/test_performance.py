"""Constant queries (issue #6): the article page costs as many SQL queries with 0, 100 or 500
comments, and listings, search and feeds as many with 3 articles as with 13. Measured without
any cache (the test settings switch the page and fragment caches off), on the data of
`manage.py generate_bench_data` (every block type, tags, authors, images, threaded comments).
"""

from django.core.management import call_command

from wagtail.models import Page

import pytest

from articles.models import ArticlePage
from comments import posting
from comments.models import BlogComment
from home.management.commands.generate_bench_data import TARGET_SLUG, add_comments

pytestmark = pytest.mark.django_db

# Wagtail's own routing (no route() override since session 7) reads a page and then its own
# type a level: the site with its root, the home page's type, the list and its type, the
# article and its type. What the page shows of its author and eyecatch is stored on the
# article's row (articles/author_and_eyecatch.py: no author, portrait or rendition query), its
# tags and categories too (articles/taxonomy.py); the breadcrumbs and the privacy check (one
# query where Wagtail's takes two) use the pages routing passed. Left: those six, the view
# restrictions, the linked articles and their renditions, site settings, the comments, the
# scope tokens of the header and sidebar (the comment settings are kept under them:
# comments/rules.py). 12: one more than with the overrides (two more for routing, one
# fewer for the eyecatch's renditions); docs/performance.md, "Session 7", has the time.
ARTICLE_QUERY_LIMIT = 12
RENDITIONS_QUERY = 'SELECT "wagtailimages_rendition".'


def generate(articles):
    call_command("generate_bench_data", articles=articles, comments=0, jobs=1, stdout=None)


def count_queries(client, url, django_assert_max_num_queries, but_renditions=False):
    """Queries of a warm request (renditions made, embeds looked up once already). With
    `but_renditions`, the cards' renditions query is left out of the count and may happen
    once: a listing reads them with its articles, and skips that query when no card on the
    page has an eyecatch (which depends on which articles the page shows, not on how many)."""
    assert client.get(url).status_code == 200, url
    with django_assert_max_num_queries(100) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    queries = [query["sql"] for query in captured.captured_queries]
    if but_renditions:
        renditions = [sql for sql in queries if sql.startswith(RENDITIONS_QUERY)]
        assert len(renditions) <= 1, url
        queries = [sql for sql in queries if sql not in renditions]
    return len(queries), response.content.decode()


@pytest.fixture
def bench_data():
    generate(3)
    return ArticlePage.objects.get(slug=TARGET_SLUG)


def test_article_queries_do_not_depend_on_the_number_of_comments(
    client, bench_data, django_assert_max_num_queries
):
    article = bench_data  # every block type, hero image, tags, author, neighbours
    comments = BlogComment.objects.for_page(article)
    comments.update(is_public=False)  # awaiting approval: not shown
    counts = {}
    counts[0], html = count_queries(client, article.url, django_assert_max_num_queries)
    assert '<li class="comment' not in html
    comments.update(is_public=True)  # the generator's 100, in threads
    counts[100], html = count_queries(client, article.url, django_assert_max_num_queries)
    assert html.count('<li class="comment') == 100
    add_comments(article, 400)
    counts[500], html = count_queries(client, article.url, django_assert_max_num_queries)
    assert html.count('<li class="comment') == 500
    assert 'class="comment-list comment-list--replies"' in html  # threads, not a flat list
    assert counts[0] == counts[100] == counts[500] <= ARTICLE_QUERY_LIMIT, counts


def listing_urls():
    article = ArticlePage.objects.get(slug=TARGET_SLUG)
    tag = article.tags.first()
    index = article.get_parent().specific
    return {
        "home": "/",
        "index": index.url,
        "index page 2": index.url + "?page=2",
        "tag": index.tag_url(tag),
        "author": index.author_url(article.author),
        "month": index.url + "2025/12/",
        "search": "/search/?query=その",
        "feed": "/feed/",
        "tag feed": index.tag_url(tag) + "feed/",
        "sitemap": "/sitemap.xml",
    }


def test_listings_search_and_feeds_do_not_depend_on_the_number_of_articles(
    client, bench_data, django_assert_max_num_queries
):
    urls = listing_urls()
    few = {
        name: count_queries(client, url, django_assert_max_num_queries, but_renditions=True)
        for name, url in urls.items()
    }
    generate(13)  # ten more articles, on the same tags and authors, a page of listing more
    assert ArticlePage.objects.live().count() == 13
    many = {
        name: count_queries(client, url, django_assert_max_num_queries, but_renditions=True)
        for name, url in urls.items()
    }
    assert many["home"][1].count('class="card"') == 10
    assert many["feed"][1].count("<item>") == 13
    assert many["search"][1].count('class="card search-result"') == 10
    assert {name: count for name, (count, _) in many.items()} == {
        name: count for name, (count, _) in few.items()
    }


def test_generated_data_is_consistent(bench_data):
    """Bulk inserts bypass Wagtail and xtd: the tree and the threads must still be right."""
    assert Page.find_problems() == ([], [], [], [], [])
    article = bench_data
    assert {block.block_type for block in article.body} == {
        "heading", "paragraph", "bullet_list", "quote", "markdown", "image", "embed", "callout",
    }  # fmt: skip
    assert article.tags.count() >= 2 and article.author and article.hero_image
    comments = list(BlogComment.objects.for_page(article).order_by("thread_id", "order"))
    assert len(comments) == 100 and max(c.level for c in comments) == 2
    by_id = {c.pk: c for c in comments}
    for comment in comments:
        parent = by_id[comment.parent_id]
        assert comment.thread_id == parent.thread_id
        assert comment.level == (0 if parent is comment else parent.level + 1)
        below = [c for c in comments if c.parent_id == comment.pk and c is not comment]
        assert comment.nested_count == sum(1 + c.nested_count for c in below)
    for thread in {c.thread_id for c in comments}:
        orders = [c.order for c in comments if c.thread_id == thread]
        assert orders == list(range(1, len(orders) + 1))
    # xtd numbers a new reply on top of the generator's numbering, with a fresh id.
    parent = next(c for c in comments if c.level == 0 and c.nested_count)
    reply, created = posting.create_comment(
        article, name="返信", email="r@example.jp", url="", text="続きです。", followup=False,
        parent_id=parent.pk, ip=None, user=None,
    )  # fmt: skip
    assert created and reply.pk > max(by_id) and reply.thread_id == parent.thread_id
    assert reply.order == parent.order + parent.nested_count + 1
    before = ArticlePage.objects.count()
    generate(3)  # again: nothing added
    assert ArticlePage.objects.count() == before
