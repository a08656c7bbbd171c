"""Issue #17's "done when": every public page a reader can reach from the home page shares
an absolute image URL at least 1200 px wide (og:image, twitter:image), crawled on the demo
content; and the home page shows its articles as cards, each with a picture."""

import re
from collections import Counter
from io import StringIO
from urllib.parse import urlsplit

from django.core.cache import cache
from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db

# Not pages to share: files, feeds, the admin, forms' targets, the beacon, other languages'
# copies of the same pages (the switch is tested in test_language.py).
SKIPPED = ("/admin/", "/documents/", "/static/", "/media/", "/share/", "/feed/", "/comments/",
           "/views/", "/i18n/", "/sitemap.xml", "/robots.txt")  # fmt: skip
# The pages of a tag, category, author or month share one template: a few of each kind are
# enough (the demo has dozens of tags). Articles and fixed pages are all visited.
PER_KIND = 3


def kind_of(path):
    """/articles/tag/python/ → /articles/tag/*/; a shorter path is its own kind."""
    return re.sub(r"[^/]+/$", "*/", path) if path.count("/") > 3 else path


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return found[1] if found else None


def internal_links(html):
    for href in re.findall(r'<a [^>]*href="([^"#]+)', html):
        parts = urlsplit(href)
        own = parts.netloc in ("", "testserver") and parts.path.startswith("/")
        if own and not parts.path.startswith(SKIPPED) and "page=" not in parts.query:
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start="/"):
    """{path: HTML} of the pages reachable from `start` through the site's own links, at most
    PER_KIND of each kind."""
    found, pending, seen_kinds = {}, [start], Counter()
    while pending:
        path = pending.pop(0)
        if path in found or seen_kinds[kind_of(path)] >= PER_KIND:
            continue
        seen_kinds[kind_of(path)] += 1
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        if not response["Content-Type"].startswith("text/html"):
            continue
        found[path] = response.content.decode()
        pending.extend(link for link in internal_links(found[path]) if link not in found)
    return found


@pytest.fixture
def demo_site():
    cache.clear()
    call_command("load_demo", stdout=StringIO())


def test_every_public_page_shares_a_wide_absolute_image(client, demo_site):
    pages = crawl(client)
    kinds = {re.sub(r"[^/]+/$", "*/", path) for path in pages}
    # The crawl reached every kind of page: articles, tags, categories, authors, months,
    # the tag list, fixed pages, the contact form and a search.
    for expected in ["/articles/*/", "/articles/tag/*/", "/articles/category/*/",
                     "/articles/author/*/", "/articles/tag/", "/contact/"]:  # fmt: skip
        assert expected in kinds | set(pages), expected
    assert any(re.fullmatch(r"/articles/\d{4}/\d{2}/", path) for path in pages)
    for path, html in pages.items():
        image = meta(html, "property", "og:image")
        assert image and re.match(r"https?://[^/]+/", image), path
        assert int(meta(html, "property", "og:image:width")) >= 1200, path
        assert meta(html, "name", "twitter:image") == image, path
        assert meta(html, "name", "twitter:card") == "summary_large_image", path


def test_the_search_page_shares_an_image_too(client, demo_site):
    html = client.get("/search/", {"q": "移行"}).content.decode()
    assert re.match(r"https?://[^/]+/", meta(html, "property", "og:image") or "")


def test_the_home_page_shows_every_article_as_a_card_with_a_picture(client, demo_site):
    html = client.get("/").content.decode()
    cards = re.findall(r'<article class="card">.*?</article>', html, re.S)
    assert len(cards) >= 3
    for card in cards:
        image = re.search(r'<img [^>]*src="([^"]+)"[^>]*>', card)
        assert image and 'width="' in image[0] and 'height="' in image[0], card
