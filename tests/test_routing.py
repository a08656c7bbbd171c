"""An article's address found by Wagtail's own routing (no `route()` override), and the pages
it passed used without a query: the breadcrumbs, the article's list and the privacy check read
them from treebeard's `get_parent()` (articles/routing.py)."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, get_page_models

import pytest
import support_pages as pages

from articles.breadcrumbs import trail
from articles.models import ArticleIndexPage, ArticlePage
from pages.models import StandardPage

pytestmark = pytest.mark.django_db


def routed(path):
    """(the page Wagtail's routing finds for `path`, the queries it took)."""
    request = RequestFactory().get(path, HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as queries:
        page = Page.find_for_request(request, path)
    return page, queries, request


def test_wagtails_routing_finds_the_article_and_its_page_reads_nothing_more_above_it():
    author = pages.author()
    article = pages.article("道のりの記事", slug="the-way", author=author)
    index = pages.article_index()
    page, queries, request = routed("/articles/the-way/")
    assert isinstance(page, ArticlePage) and page.pk == article.pk
    # Wagtail's route: the site with its root page, the home page's own type, then a page
    # and its own type a level.
    assert len(queries) == 6, [query["sql"][:80] for query in queries]
    page.get_url(request)  # the sites' addresses, read once per request for every link
    with CaptureQueriesContext(connection) as after:
        assert page.index_page == index
        crumbs = trail(page, request)
        restrictions = page.get_view_restrictions()
    assert [crumb.url for crumb in crumbs] == ["/", "/articles/", "/articles/the-way/"]
    assert len(after) == 0, [query["sql"][:80] for query in after]
    with CaptureQueriesContext(connection) as checked:
        assert list(restrictions) == []
    assert len(checked) == 1


def test_no_page_type_overrides_wagtails_route():
    from wagtail.contrib.routable_page.models import RoutablePageMixin

    from home.models import HomePage

    own_models = [m for m in get_page_models() if not m.__module__.startswith("wagtail.")]
    assert {HomePage, ArticlePage, ArticleIndexPage, StandardPage} <= set(own_models)
    for model in own_models:
        assert model.route in (Page.route, RoutablePageMixin.route), model


def test_the_trail_is_the_same_as_from_the_database():
    article = pages.article("比べる記事", slug="compared")
    page, _, request = routed("/articles/compared/")
    stored = ArticlePage.objects.get(pk=article.pk)
    assert trail(page, request) == trail(stored, request)


def test_the_same_addresses_are_found_or_refused_as_by_wagtail(client):
    pages.article("公開記事", slug="open")
    pages.article("下書き", slug="draft", publish=False)
    pages.article("タグという名前の記事", slug="tag")  # the list's own view comes first
    profile = StandardPage(title="プロフィール", slug="profile", lead="紹介。")
    pages.home_page().add_child(instance=profile)
    profile.save_revision().publish()
    assert client.get("/articles/open/").status_code == 200
    assert client.get("/articles/draft/").status_code == 404
    assert client.get("/articles/open/more/").status_code == 404
    assert client.get("/articles/missing/").status_code == 404
    assert client.get("/articles/tag/").context["heading"] == "タグ一覧"
    assert client.get("/profile/").status_code == 200
    assert client.get("/profile/more/").status_code == 404


def test_a_list_that_is_not_live_still_leads_to_its_live_articles(client):
    """Wagtail routes through a page that is not live to its live children; so do we."""
    index = pages.article_index("closed", "閉じた一覧")
    pages.article("生きている記事", slug="alive", index=index)
    ArticleIndexPage.objects.filter(pk=index.pk).update(live=False)
    assert client.get("/closed/alive/").status_code == 200
    assert client.get("/closed/").status_code == 404


def test_a_private_article_still_asks_for_its_password(client):
    article = pages.article("鍵付きの記事", slug="locked")
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="合言葉です"
    )
    html = client.get("/articles/locked/").content.decode()
    assert 'name="password"' in html and "長い記事を" not in html


def privacy_queries(client, path):
    """(status, queries of their own on view restrictions or on the pages above) of a view."""
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    own = [
        query["sql"]
        for query in queries
        if query["sql"].startswith(
            (
                'SELECT "wagtailcore_pageviewrestriction".',
                'SELECT "wagtailcore_page"."id", "wagtailcore_page"."alias_of_id" FROM',
            )
        )
    ]
    return status, own


def test_the_privacy_check_of_an_article_takes_one_query_where_wagtails_takes_two(client):
    pages.article("誰でも読める記事", slug="public")
    client.get("/articles/public/")
    status, own = privacy_queries(client, "/articles/public/")
    assert status == 200 and len(own) == 1, own
    assert own[0].startswith('SELECT "wagtailcore_pageviewrestriction".')


@pytest.mark.parametrize("restricted", ["root", "home", "list", "article"])
def test_a_restriction_anywhere_above_still_asks_for_the_password(client, restricted):
    article = pages.article("鍵の下の記事", slug="below")
    page = {
        "root": Page.get_first_root_node(),
        "home": pages.home_page(),
        "list": pages.article_index(),
        "article": article,
    }[restricted]
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="合言葉です"
    )
    status, own = privacy_queries(client, "/articles/below/")
    assert status == 200 and own, "Wagtail's own check must run"
    html = client.get("/articles/below/").content.decode()
    assert 'name="password"' in html and "鍵の下の記事</h1>" not in html


def test_an_alias_takes_the_restriction_of_its_original(client):
    """An alias has no restriction of its own: Wagtail applies its original's, so an alias is
    left to Wagtail's check."""
    original = pages.article("原本の記事", slug="original")
    PageViewRestriction.objects.create(
        page=original, restriction_type=PageViewRestriction.PASSWORD, password="合言葉です"
    )
    other_list = pages.article_index("elsewhere", "別の一覧")
    original.create_alias(parent=other_list, update_slug="copy")
    html = client.get("/elsewhere/copy/").content.decode()
    assert 'name="password"' in html and "原本の記事</h1>" not in html
