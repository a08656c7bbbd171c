"""How the search asks the database (issue #19, speed): a result page and the number of matches
come from one ranked query; PostgreSQL filters on the indexed expression without fetching the
vectors; Wagtail's relevance order (the admin) still works through the same compiler.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.search.backends import get_search_backend

import pytest

from articles.models import ArticlePage
from search.cjk import query_words
from search.ranking import RankedSearch, counted_page
from search.views import search_articles
from search.vocabulary import spelling_groups
from tests import test_search

pytestmark = pytest.mark.django_db

article_index = test_search.article_index
make_article = test_search.make_article
found_titles = test_search.found_titles
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's search compiler"
)


@pytest.fixture
def twelve(make_article):
    return [
        make_article(f"記録{number:02}", "行間の記録です。", days_ago=number)
        for number in range(12)
    ]


def article_counts(queries):
    return [
        query["sql"]
        for query in queries
        if "COUNT(*)" in query["sql"] and "articles_articlepage" in query["sql"]
    ]


def rest_queries(queries):
    """The reads of the plain tier: newest first, no rank, cut at the page."""
    return [
        query["sql"]
        for query in queries
        if "LIMIT" in query["sql"]
        and "CASE WHEN" not in query["sql"]
        and '"first_published_at" DESC' in query["sql"]
    ]


def first_or_last_page(query, number):
    """The page and the queries that read it (outside a request: the test client's request
    signal empties the query log that a capture slices)."""
    words = query_words(query)
    with CaptureQueriesContext(connection) as queries:
        page = counted_page(RankedSearch(query, words, spelling_groups(words)), number, 10)
    return page, queries.captured_queries


def test_the_last_page_needs_no_count(twelve):
    page, queries = first_or_last_page("行間", "2")
    assert (page.number, page.paginator.count, len(page.object_list)) == (2, 12, 2)
    assert not article_counts(queries)
    page, queries = first_or_last_page("行間", "1")
    assert (page.paginator.count, len(article_counts(queries))) == (12, 1)


@pytest.mark.parametrize(
    ("page", "shown"),
    [("2", 2), ("99", 2), ("abc", 1), ("-3", 2), ("9" * 30, 2), ("9223372036854775807", 2)],
)
def test_any_page_number_gives_a_page_with_the_right_count(client, twelve, page, shown):
    response = client.get("/search/", {"query": "行間", "page": page})
    assert response.status_code == 200
    results = response.context["results"]
    assert (results.number, results.paginator.count) == (shown, 12)
    titles = [hit.article.title for hit in response.context["hits"]]
    assert titles == [f"記録{number:02}" for number in range(12)][(shown - 1) * 10 : shown * 10]


def test_a_search_that_finds_nothing_needs_no_count(twelve):
    page, queries = first_or_last_page("量子計算", "1")
    assert page.paginator.count == 0
    assert queries and not article_counts(queries)


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def test_the_pages_read_in_two_tiers_follow_the_whole_ranking(client, make_article):
    # Standouts of every kind (title, heading, lead, the words close together in the body)
    # among plain matches older and newer than they are, over three pages.
    for number in range(14):
        make_article(
            f"雑記{number:02}", body=paragraph("行間を読む。余白も大事。"), days_ago=number
        )
    make_article("行間の話", body=paragraph("余白。"), days_ago=20)
    make_article(
        "見出しの例", body=[("heading", {"text": "行間と余白", "level": "h2"})], days_ago=21
    )
    make_article("リードの例", lead="行間の記録。", body=paragraph("余白。"), days_ago=22)
    make_article("近い例", body=paragraph("行間の余白を測る。"), days_ago=23)
    whole = list(search_articles("行間 余白").values_list("title", flat=True))
    assert whole[:4] == ["行間の話", "見出しの例", "近い例", "リードの例"]
    assert whole[4:] == [f"雑記{number:02}" for number in range(14)]
    first = client.get("/search/", {"query": "行間 余白"}).context
    paged = [hit.article.title for hit in first["hits"]] + found_titles(
        client, "行間 余白", page="2"
    )
    assert paged == whole
    assert first["results"].paginator.count == 18
    # The plain matches are read newest first only as far as the page (10 - 4 standouts).
    words = ["行間", "余白"]
    with CaptureQueriesContext(connection) as queries:
        RankedSearch("行間 余白", words, spelling_groups(words)).ids(0, 10)
    (rest,) = rest_queries(queries.captured_queries)
    assert "LIMIT 6" in rest


@postgres_only
def test_postgres_filters_on_the_indexed_expression_without_fetching_vectors(twelve):
    found = get_search_backend().search("行間", ArticlePage, order_by_relevance=False)
    sql = str(found.get_queryset().query)
    selected, _from, rest = sql.partition(" FROM ")
    assert "wagtailsearch_indexentry" not in selected
    # The expression of the GIN index of search/migrations/0001, so that the planner can use it.
    table = '"wagtailsearch_indexentry"'
    assert f'({table}."title" || {table}."body") @@' in rest
    assert len(list(found)) == 12


@postgres_only
def test_postgres_relevance_order_and_scores_still_work(make_article):
    make_article("行間の話", "行間について。")
    make_article("余白の話", "行間にも少し触れる。")
    found = get_search_backend().search("行間", ArticlePage).annotate_score("score")
    articles = list(found)
    assert [article.title for article in articles] == ["行間の話", "余白の話"]
    assert articles[0].score > articles[1].score > 0
