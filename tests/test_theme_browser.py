"""Issue #17 in a real Chromium: a view counted by the beacon on a page that came from the
page cache, and the language switch (日本語 / English) that stays right through the cache."""

import time

import pytest
import support_pages as pages
from test_language import page_cache  # noqa: F401 (the fixture: page cache on, empty)

from popularity.models import DailyViews

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("page_cache"),
]


def wait_for_views(article, expected, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        views = sum(DailyViews.objects.filter(page_id=article.pk).values_list("views", flat=True))
        if views >= expected:
            return views
        time.sleep(0.1)
    return views


def test_a_view_from_the_page_cache_is_counted(browser_page, live_server):
    article = pages.article("キャッシュから読まれる記事")
    url = f"{live_server.url}{article.url}"
    browser_page.request.get(url)  # another reader fills the cache (no script runs here)
    assert wait_for_views(article, 1, timeout=1) == 0
    response = browser_page.goto(url)
    assert response.headers.get("x-page-cache") == "hit"
    assert wait_for_views(article, 1) == 1
    # A reload by the same reader is not a second view.
    browser_page.reload()
    browser_page.wait_for_load_state("networkidle")
    assert wait_for_views(article, 2, timeout=1) == 1
    assert browser_page.context.cookies() == []


def test_the_language_switch_changes_every_page(browser_page, live_server):
    article = pages.article("言語を切り替える記事")
    page = browser_page
    page.goto(f"{live_server.url}{article.url}")
    assert page.locator("html").get_attribute("lang") == "ja"
    switch = page.get_by_role("form", name="言語")
    assert switch.get_by_role("button", name="日本語").get_attribute("aria-pressed") == "true"
    switch.get_by_role("button", name="English").click()
    page.wait_for_url(f"**{article.url}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("banner").get_by_role("button", name="Search").is_visible()
    # Another page, and the home page from the cache, in English too.
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("form", name="Language").get_by_role("button", name="日本語").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("banner").get_by_role("button", name="検索").is_visible()
