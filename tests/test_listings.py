"""Listings whose cost does not grow with the number of articles (articles/listings.py): a
page is read along the index on the publication date, pinned articles apart, and the counts
and archive months are kept until a publication changes them."""

import datetime
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import support_pages as pages

from articles.listings import Counts, Listing
from articles.models import ARTICLES_PER_PAGE, ArticlePage, article_listing

pytestmark = pytest.mark.django_db


def titles(html):
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]+)</a>', html)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def newest_articles(count, pinned=()):
    """`count` articles, 記事00 the newest; those numbered in `pinned` are pinned."""
    return [
        pages.article(f"記事{n:02d}", published_days_ago=n + 1, pinned=n in pinned)
        for n in range(count)
    ]


def test_pinned_articles_come_first_then_the_others_across_pages(client):
    newest_articles(13, pinned={4, 8, 12})
    first, second = get(client, "/"), get(client, "/?page=2")
    others = [f"記事{n:02d}" for n in range(13) if n not in {4, 8, 12}]
    assert titles(first) == ["記事04", "記事08", "記事12", *others[:7]]
    assert titles(second) == others[7:]
    assert titles(get(client, "/articles/")) == titles(first)


def test_a_slice_takes_the_pinned_group_then_the_others():
    newest_articles(6, pinned={1, 3})
    listing = Listing(article_listing(), Counts(total=6, pinned=2), pinned_first=True)
    assert len(listing) == listing.count() == 6
    order = ["記事01", "記事03", "記事00", "記事02", "記事04", "記事05"]
    for start, stop in [(0, 1), (0, 2), (1, 4), (2, 6), (3, 5), (0, 6)]:
        assert [article.title for article in listing[start:stop]] == order[start:stop]


def test_a_page_without_pinned_articles_reads_no_pinned_group():
    newest_articles(3)
    listing = Listing(article_listing(), Counts(total=3, pinned=0), pinned_first=True)
    with CaptureQueriesContext(connection) as queries:
        assert [article.title for article in listing[0:3]] == ["記事00", "記事01", "記事02"]
    assert len([q for q in queries if 'FROM "articles_articlepage"' in q["sql"]]) == 1


def count_queries(queries):
    """Queries counting the articles (the pagination's total, the archive's months)."""
    counting = re.compile(r'COUNT\(\*\)|COUNT\((DISTINCT )?"articles_articlepage"')
    return [q["sql"] for q in queries if counting.search(q["sql"])]


def test_counts_and_months_are_kept_until_a_publication(client, django_capture_on_commit_callbacks):
    newest_articles(ARTICLES_PER_PAGE)
    get(client, "/articles/")
    with CaptureQueriesContext(connection) as queries:
        html = get(client, "/articles/")
    assert not count_queries(queries), "the count and the archive months are kept"
    assert "?page=2" not in html
    with django_capture_on_commit_callbacks(execute=True):  # the publication's token renewal
        pages.article("新着の記事")
    html = get(client, "/articles/")
    assert titles(html)[0] == "新着の記事" and "?page=2" in html
    months = [f"({entry['count']})" for entry in pages.article_index().archive_months()]
    assert re.findall(r"\(\d+\)", html.split('class="archive"')[1]) == months
    assert sum(entry["count"] for entry in pages.article_index().archive_months()) == 11


def listing_sql(client, url):
    """The query that read the page's cards, as the page sent it."""
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    found = [q["sql"] for q in queries if "LIMIT" in q["sql"] and '"num_comments"' in q["sql"]]
    assert len(found) == 1, url
    return found[0]


def postgres_plan(sql):
    """PostgreSQL's plan with whole sorts priced out: a plan that still sorts every row has
    no index to follow for this order."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    return list(nodes(plan[0]["Plan"]))


def order_of(sql):
    return sql.rsplit(" ORDER BY ", 1)[1].split(" LIMIT ")[0]


@pytest.mark.parametrize("url", ["/", "/articles/", "/articles/author/tester/"])
def test_a_listing_page_follows_the_publication_date_index(client, url):
    """Ordered by the page's date alone (then its id), which an index can give; on
    PostgreSQL, the plan follows it (SQLite without statistics sorts 12 rows as cheaply)."""
    author = pages.author()
    for n in range(12):
        pages.article(f"記事{n:02d}", published_days_ago=n + 1, author=author)
    sql = listing_sql(client, url)
    order = order_of(sql)
    assert order.startswith('"wagtailcore_page"."first_published_at" DESC, ')
    assert "pinned" not in order
    if connection.vendor == "postgresql":
        nodes = postgres_plan(sql)
        assert not [node for node in nodes if node["Node Type"] == "Sort"], nodes
        scans = [node for node in nodes if node.get("Relation Name") == "wagtailcore_page"]
        assert any("first_published_at" in node.get("Index Name", "") for node in scans), scans


def test_only_the_page_of_articles_is_read(client):
    newest_articles(2 * ARTICLES_PER_PAGE + 3)
    sql = listing_sql(client, "/?page=2")
    assert f"LIMIT {ARTICLES_PER_PAGE}" in sql and f"OFFSET {ARTICLES_PER_PAGE}" in sql
    assert ArticlePage.objects.live().count() == 2 * ARTICLES_PER_PAGE + 3


def test_the_kept_archive_months_are_named_in_the_readers_language(client):
    pages.article("年明けの記事")
    month = timezone.make_aware(datetime.datetime(2026, 1, 1, 0, 30))  # Tokyo time
    ArticlePage.objects.update(first_published_at=month)
    japanese = get(client, "/articles/").split('class="archive"')[1]
    english = get(client, "/articles/?hl=en").split('class="archive"')[1]
    assert '<a href="/articles/2026/01/">2026年1月</a> (1)' in japanese
    assert '<a href="/articles/2026/01/">January 2026</a> (1)' in english


def test_two_sites_with_the_same_addresses_keep_their_own_counts(client, settings):
    """Counts are kept per listing address; another site of this installation (editors can
    add one) has its own article list at the same address."""
    from wagtail.models import Page, Site

    from articles.models import ArticleIndexPage
    from home.models import HomePage

    newest_articles(ARTICLES_PER_PAGE + 3)  # the first site's list has two pages
    assert "?page=2" in get(client, "/articles/")

    other_home = Page.get_first_root_node().add_child(
        instance=HomePage(title="別のサイト", slug="other-home")
    )
    other_index = other_home.add_child(instance=ArticleIndexPage(title="記事一覧", slug="articles"))
    pages.article("別のサイトの記事", index=other_index)
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=other_home)
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]

    other_list = client.get("/articles/", HTTP_HOST="127.0.0.1")
    assert other_list.status_code == 200
    html = other_list.content.decode()
    assert titles(html) == ["別のサイトの記事"]
    assert "?page=2" not in html  # one article: one page
