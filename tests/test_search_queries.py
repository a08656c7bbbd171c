"""How the search asks the database (issue #19, speed): a result page and the number of matches
come from one ranked query; PostgreSQL filters on the indexed expression without fetching the
vectors; Wagtail's relevance order (the admin) still works through the same compiler.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query
from wagtail.search.backends import get_search_backend

import pytest

from articles.models import ArticlePage
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


def ranked_queries(queries):
    return [query["sql"] for query in queries if "OVER ()" in query["sql"]]


def article_counts(queries):
    return [
        query["sql"]
        for query in queries
        if "COUNT(*)" in query["sql"] and "articles_articlepage" in query["sql"]
    ]


def test_a_page_and_its_count_come_from_one_query(client, twelve):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"query": "行間"})
    assert response.context["results"].paginator.count == 12
    assert len(response.context["hits"]) == 10
    assert len(ranked_queries(queries.captured_queries)) == 1
    assert not article_counts(queries.captured_queries)


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


def test_a_search_that_finds_nothing_needs_no_count(client, twelve):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"query": "量子計算"})
    assert response.context["results"].paginator.count == 0
    assert not article_counts(queries.captured_queries)


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


# --------------------------------------------------------------------------- the Python side


def test_a_result_page_reads_only_what_its_cards_show(client, twelve):
    """The page's articles are read for their cards and snippets only: not the body, its HTML
    or the outline (an article read whole cost more to load than the search to run)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"query": "行間"})
    assert len(response.context["hits"]) == 10
    selected = [query["sql"].partition(" FROM ")[0] for query in queries.captured_queries]
    card_reads = [columns for columns in selected if '"articles_articlepage"."lead"' in columns]
    assert len(card_reads) == 1
    for column in ["body", "body_html", "plain_headings"]:
        assert f'"articles_articlepage"."{column}"' not in card_reads[0]
    assert '"articles_articlepage"."plain_body"' in card_reads[0]  # the snippets' text


def test_more_results_on_a_page_cost_no_more_queries(client, make_article):
    """Each result's address is worked out once, from the rows already read: a page of ten
    costs the queries a page of one does."""
    make_article("記録", "行間の記録です。")
    client.get("/search/", {"query": "行間"})  # the site's caches filled, the query counted
    with CaptureQueriesContext(connection) as one:
        client.get("/search/", {"query": "行間"})
    for number in range(9):
        make_article(f"記録{number}", "行間の記録です。", days_ago=number + 1)
    client.get("/search/", {"query": "行間"})
    with CaptureQueriesContext(connection) as ten:
        response = client.get("/search/", {"query": "行間"})
    hits = response.context["hits"]
    assert len(hits) == 10
    assert [hit.url for hit in hits] == [hit.article.url for hit in hits]
    assert len(ten.captured_queries) == len(one.captured_queries)


def test_a_query_counted_today_is_counted_again_with_one_write(client, twelve):
    client.get("/search/", {"query": "行間"})
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"query": "行間"})
    hits_queries = [
        query["sql"]
        for query in queries.captured_queries
        if "wagtailsearchpromotions_querydailyhits" in query["sql"]
    ]
    assert len(hits_queries) == 1 and hits_queries[0].startswith("UPDATE")
    assert Query.get("行間").hits == 2


def index_reads(queries):
    return [query["sql"] for query in queries if "indexentry" in query["sql"].lower()]


def test_a_word_that_found_nothing_is_not_searched_again_for_its_suggestion(client, twelve):
    """「もしかして」 checks each word alone; a query of one word has just been searched, so only
    the suggestion is (one search for the page, one for the suggestion)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"query": "行問"})
    assert response.context["hits"] == []
    assert response.context["suggestion"] == "行間"
    assert len(index_reads(queries.captured_queries)) == 2
