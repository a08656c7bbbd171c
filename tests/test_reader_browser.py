"""A reader in a real browser (Chromium through Playwright): from the home page to an article,
through its table of contents, on a desktop and a phone-sized screen, with nothing fetched from
another host."""

from io import StringIO
from urllib.parse import urlparse

from django.core.management import call_command

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_ARTICLE = "wordpress-to-wagtail-migration"


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", stdout=StringIO())
    return live_server.url


def record_foreign_requests(page, base_url):
    local_host = urlparse(base_url).hostname
    foreign = []
    page.on(
        "request",
        lambda request: (
            urlparse(request.url).hostname not in {local_host, None}
            and not request.url.startswith("data:")
            and foreign.append(request.url)
        ),
    )
    return foreign


def test_reader_finds_and_reads_the_long_article(browser_page, demo_site, screenshot):
    page = browser_page
    foreign = record_foreign_requests(page, demo_site)
    page.goto(demo_site + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.get_by_role("link", name="WordPressからWagtailへ").first.click()
    page.wait_for_url(f"**/{LONG_ARTICLE}/")

    toc_links = page.locator("nav.toc a")
    assert toc_links.count() >= 10
    anchors = [toc_links.nth(i).get_attribute("href") for i in range(toc_links.count())]
    assert len(set(anchors)) == len(anchors)
    # Following a Japanese anchor scrolls its heading into view.
    target = anchors[5]
    page.locator(f'nav.toc a[href="{target}"]').click()
    heading = page.locator(f'[id="{target[1:]}"]')
    assert heading.is_visible()
    box = heading.bounding_box()
    assert 0 <= box["y"] < 200
    assert page.locator(".reading-time").inner_text().startswith("約")
    assert page.locator("article ul.block-list, article ol.block-list").count() >= 3
    assert page.locator("article figure.block-quote blockquote").count() >= 2
    screenshot(page, "article-desktop")
    assert foreign == []


def test_article_fits_a_phone_screen(browser_page, demo_site, screenshot):
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{demo_site}/articles/{LONG_ARTICLE}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 16
    screenshot(page, "article-phone")


def test_skip_link_moves_focus_to_the_content(browser_page, demo_site):
    page = browser_page
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
