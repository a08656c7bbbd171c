"""The language switch (日本語 / English) and hreflang alternates (issue #17), also through
the page cache; comment times with a space between date and time."""

import datetime
import re

from django.utils import formats, timezone, translation

import pytest
import support_pages as pages

from caching import scopes

pytestmark = pytest.mark.django_db
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SWITCH_BUTTON = re.compile(r'name="language"[^>]*aria-pressed="(true|false)"\s*>([^<]+)</button>')


def pressed(html):
    """{language name: aria-pressed} of the switch's buttons."""
    return {name: state for state, name in SWITCH_BUTTON.findall(html)}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    scopes.clear_all()
    yield
    scopes.clear_all()


def test_every_page_has_the_switch_and_hreflang_alternates(client):
    article = pages.article("切り替えの記事", slug="switch")
    for url in ["/", "/articles/", article.url]:
        html = client.get(url).content.decode()
        assert 'action="/i18n/setlang/"' in html, url
        assert pressed(html) == {"日本語": "true", "English": "false"}
        alternates = dict(ALTERNATE.findall(html))
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
        assert canonical.startswith("http") and canonical.endswith(url)
        assert alternates["ja"] == alternates["x-default"] == canonical
        assert alternates["en"] == f"{canonical}?hl=en"


def test_the_english_alternate_is_english(client):
    html = client.get("/?hl=en").content.decode()
    assert '<html lang="en">' in html
    assert ">Search</button>" in html


def test_choosing_a_language_sticks_and_the_cache_keeps_each_apart(client, page_cache):
    article = pages.article("キャッシュの記事")
    first = client.get(article.url)
    assert '<html lang="ja">' in first.content.decode()
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    response = client.post("/i18n/setlang/", {"language": "en", "next": article.url})
    assert response.status_code == 302 and response["Location"] == article.url
    english = client.get(article.url).content.decode()
    assert '<html lang="en">' in english and pressed(english)["English"] == "true"
    assert '<html lang="en">' in client.get(article.url).content.decode()  # from the cache
    client.post("/i18n/setlang/", {"language": "ja", "next": article.url})
    assert '<html lang="ja">' in client.get(article.url).content.decode()


def test_unknown_languages_and_foreign_next_urls_are_ignored(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code in (204, 302)
    assert "evil.example" not in response.get("Location", "")
    assert "django_language" not in response.cookies
    assert '<html lang="ja">' in client.get("/?hl=xx").content.decode()


def test_date_and_time_are_set_apart_in_japanese():
    moment = timezone.make_aware(datetime.datetime(2026, 12, 5, 2, 42))
    with translation.override("ja"):
        shown = formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    assert shown == "2026年12月5日 2:42"
