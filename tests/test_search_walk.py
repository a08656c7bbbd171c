"""The walk of a word found in many articles (search/walk.py, issue #19 at 10,000 articles):
its first pages are the exact ranking's pages, read tier by tier newest first, and the count is
shown as an estimate. Needs PostgreSQL (SQLite keeps the exact query, checked too)."""

import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from search import walk
from search.cjk import query_words
from search.ranking import ranked_articles
from search.vocabulary import spelling_groups
from tests import test_search
from tests.test_search_variants import body_under_heading, body_with

pytestmark = pytest.mark.django_db

article_index = test_search.article_index
make_article = test_search.make_article
found_titles = test_search.found_titles
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the walk is chosen on PostgreSQL only"
)


@pytest.fixture
def every_tier(make_article):
    """Two articles for each place the word can be (title, headings, lead: eight tiers), of
    mixed ages, plus articles without the word; the word spelt two ways."""
    days = itertools.count(3, 7)
    for in_title, in_heading, in_lead in itertools.product((True, False), repeat=3):
        for spelling in ("見積もり", "見積り"):
            make_article(
                f"{spelling}の記録{next(days)}" if in_title else f"記録{next(days)}",
                f"{spelling}の話です。" if in_lead else "短い記録です。",
                body_under_heading(f"{spelling}の手順") if in_heading else body_with(spelling),
                days_ago=next(days) % 40,
            )
    for number in range(4):
        make_article(f"無関係{number}", "別の話です。", body_with("段取り"), days_ago=number)


def exact_titles(query):
    words = query_words(query)
    return [article.title for article in ranked_articles(query, words, spelling_groups(words))]


@pytest.fixture
def walked(monkeypatch):
    monkeypatch.setattr(walk, "WALK_FROM_MATCHES", 1)


@postgres_only
def test_walked_pages_are_the_exact_rankings_pages(client, every_tier, walked):
    exact = exact_titles("見積もり")
    assert len(exact) == 16
    first = client.get("/search/", {"query": "見積もり"})
    second = client.get("/search/", {"query": "見積もり", "page": "2"})
    assert first.context["results"].paginator.object_list.approximate
    walked_titles = [hit.article.title for hit in first.context["hits"] + second.context["hits"]]
    assert walked_titles == exact


@postgres_only
def test_a_walked_search_ranks_no_match_and_shows_an_estimate(client, every_tier, walked):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"query": "見積もり"})
    assert not [query for query in queries.captured_queries if "OVER ()" in query["sql"]]
    assert response.context["results"].paginator.count == 16
    assert "約 16 件" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/search/"})
    english = client.get("/search/", {"query": "見積もり"})
    assert "About 16 articles found" in english.content.decode()


def test_rare_words_keep_the_exact_count(client, every_tier):
    response = client.get("/search/", {"query": "見積もり"})
    assert not response.context["results"].paginator.object_list.approximate
    assert response.context["results"].paginator.count == 16
    assert "約" not in response.content.decode()
    assert found_titles(client, "見積もり") == exact_titles("見積もり")[:10]


@postgres_only
def test_later_pages_and_several_words_use_the_exact_ranking(client, every_tier, walked):
    fourth = client.get("/search/", {"query": "見積もり 話", "page": "1"})
    assert not fourth.context["results"].paginator.object_list.approximate
    later = client.get("/search/", {"query": "見積もり", "page": str(walk.WALKED_PAGES + 1)})
    assert later.context["results"].paginator.count == 16


@postgres_only
def test_promoted_articles_are_not_walked_twice(client, every_tier, walked):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    from articles.models import ArticlePage

    pinned = ArticlePage.objects.filter(title__startswith="見積もりの記録").first()
    SearchPromotion.objects.create(query=Query.get("見積もり"), page=pinned, sort_order=0)
    ids = [hit.article.pk for hit in client.get("/search/", {"query": "見積もり"}).context["hits"]]
    assert pinned.pk not in ids


def test_about_rounds_to_two_significant_digits():
    assert [walk.about(n) for n in (7, 16, 99, 9831, 12345)] == [7, 16, 99, 9800, 12000]
