"""The reader theme (issue #17): cards with the eyecatch as <picture> or the generated share
image, categories as readers see them (labels, breadcrumbs with BreadcrumbList JSON-LD, the
category page), the sidebar, the tag overview page and the article's image in JSON-LD."""

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage

import pytest
import support_pages as pages
from test_discovery import make_image

from articles.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # the sidebar's data and renditions are kept in the default cache


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def cards(html):
    return re.findall(r'<article class="card">.*?</article>', html, re.S)


def json_ld(html, kind):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(data for data in map(json.loads, blocks) if data["@type"] == kind)


def category(name, slug, parent=None, **fields):
    return Category.objects.create(name=name, slug=slug, parent=parent, **fields)


def test_cards_show_the_eyecatch_as_avif_webp_and_jpeg_with_its_size(client):
    pages.article("画像のない記事", published_days_ago=2)
    pages.article("画像のある記事", hero_image=make_image(), published_days_ago=1)
    first, second = cards(html_of(client, "/"))

    assert "画像のある記事" in first
    picture = re.search(r"<picture>.*?</picture>", first, re.S)[0]
    assert 'type="image/avif"' in picture and 'type="image/webp"' in picture
    img = re.search(r"<img[^>]*>", picture)[0]
    assert 'width="320"' in img and 'height="180"' in img and "640w" in img
    assert 'loading="eager"' in img and 'fetchpriority="high"' in img and 'alt=""' in img

    # No eyecatch: the share image drawn from the title, fetched only when scrolled to.
    assert "<picture>" not in second
    img = re.search(r'<img class="card__image"[^>]*>', second, re.S)[0]
    assert re.search(r'src="/share/\d+/[0-9a-f]+\.png"', img)
    assert 'width="1200"' in img and 'height="630"' in img and 'loading="lazy"' in img
    assert "fetchpriority" not in img
    assert client.get(re.search(r'src="([^"]+)"', img)[1]).status_code == 200


def test_the_article_hero_is_a_picture_fetched_first(client):
    page = pages.article("大きな画像の記事", hero_image=make_image(), hero_image_alt="赤い四角")
    html = html_of(client, page.url)
    hero = re.search(
        r'<picture>(?:(?!</picture>).)*class="article__hero".*?</picture>', html, re.S
    )[0]
    assert 'type="image/avif"' in hero and 'alt="赤い四角"' in hero
    assert 'fetchpriority="high"' in hero and 'loading="lazy"' not in hero
    assert re.search(r'width="\d+" height="\d+"|height="\d+"[^>]*width="\d+"', hero)


def test_the_head_preloads_the_hero_in_the_format_the_picture_offers_first(client):
    page = pages.article("大きな画像の記事", hero_image=make_image())
    html = html_of(client, page.url)
    head = html.split("</head>", 1)[0]
    preload = re.search(r'<link rel="preload" as="image"[^>]*>', head)[0]
    avif = re.search(r'<source[^>]*type="image/avif"[^>]*>', html)[0]
    srcset, sizes = (re.search(rf' {name}="([^"]+)"', avif)[1] for name in ("srcset", "sizes"))
    assert f'imagesrcset="{srcset}"' in preload and f'imagesizes="{sizes}"' in preload
    assert 'type="image/avif"' in preload and 'fetchpriority="high"' in preload
    assert 'rel="preload"' not in html_of(client, pages.article("画像のない記事").url)


def test_json_ld_names_the_generated_image_when_there_is_no_eyecatch(client):
    page = pages.article("画像なしで共有される記事")
    html = html_of(client, page.url)
    image = json_ld(html, "BlogPosting")["image"][0]
    assert re.match(r"https?://[^/]+/share/\d+/[0-9a-f]+\.png$", image)
    assert f'<meta property="og:image" content="{image}">' in html


def test_an_article_shows_its_categories_and_its_breadcrumbs_go_through_the_first(client):
    tech = category("技術", "tech")
    python = category("Python", "python", parent=tech)
    page = pages.article("型ヒントの話", categories=[python])
    html = html_of(client, page.url)

    assert re.search(
        r'<a class="category-label" href="/articles/category/tech/python/">Python</a>', html
    )
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)[0]
    names = [
        re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li.*?</li>", crumbs, re.S)
    ]
    assert names == ["ホーム", "記事一覧", "技術", "Python", "型ヒントの話"]
    assert '<li aria-current="page">型ヒントの話</li>' in crumbs

    trail = json_ld(html, "BreadcrumbList")["itemListElement"]
    assert [item["name"] for item in trail] == names
    assert [item["position"] for item in trail] == [1, 2, 3, 4, 5]
    assert trail[3]["item"].endswith("/articles/category/tech/python/")
    assert all(item["item"].startswith(("http://", "https://")) for item in trail)


def test_a_category_page_has_its_trail_description_subcategories_and_labelled_cards(client):
    tech = category("技術", "tech", description="仕事で使う技術の話。")
    python = category("Python", "python", parent=tech)
    pages.article("設計の話", categories=[tech])
    html = html_of(client, "/articles/category/tech/python/")
    names = [item["name"] for item in json_ld(html, "BreadcrumbList")["itemListElement"]]
    assert names == ["ホーム", "記事一覧", "技術", "Python"]

    html = html_of(client, "/articles/category/tech/")
    assert "仕事で使う技術の話。" in html
    assert re.search(
        r'<nav class="subcategories".*?href="/articles/category/tech/python/"', html, re.S
    )
    (card,) = cards(html)
    assert '<span class="card__category">技術</span>' in card
    assert python.name not in card


def test_the_sidebar_lists_categories_as_a_tree_tags_and_the_authors(client):
    tech = category("技術", "tech")
    category("Python", "python", parent=tech)
    pages.article("タグの記事", tags=["設計", "文章"], author=pages.author())
    html = html_of(client, "/")
    sidebar = re.search(r'<aside class="sidebar".*?</aside>', html, re.S)[0]
    tree = re.search(r'<ul class="category-tree">.*</ul>', sidebar, re.S)[0]
    assert re.search(
        r'href="/articles/category/tech/">技術</a>\s*<ul class="category-tree">\s*'
        r'<li><a href="/articles/category/tech/python/">Python</a>',
        tree,
    )
    assert 'href="/articles/tag/%E8%A8%AD%E8%A8%88/"' in sidebar or "#設計" in sidebar
    assert 'href="/articles/tag/"' in sidebar
    assert "試験 太郎" in sidebar and 'role="search"' in sidebar


def test_the_sidebar_follows_a_new_category_at_once(client, django_capture_on_commit_callbacks):
    pages.article("記事")
    assert "暮らし" not in html_of(client, "/")
    with django_capture_on_commit_callbacks(execute=True):  # the scopes renew on commit
        category("暮らし", "life")
    assert "暮らし" in html_of(client, "/")


def test_categories_in_a_loop_do_not_hang_the_sidebar(client):
    first = category("一", "one")
    second = category("二", "two", parent=first)
    Category.objects.filter(pk=first.pk).update(parent=second)  # refused by the form only
    category("三", "three")
    pages.article("記事")
    sidebar = re.search(r'<aside class="sidebar".*?</aside>', html_of(client, "/"), re.S)[0]
    assert "三" in sidebar and ">一<" not in sidebar


def test_the_tag_overview_lists_tags_in_use_with_their_counts(client):
    pages.article("一つ目", tags=["設計", "文章"])
    pages.article("二つ目", tags=["設計"])
    pages.article("下書き", tags=["未公開"], publish=False)
    html = html_of(client, "/articles/tag/")
    listed = re.findall(
        r'rel="tag">#(\S+)\s*<span class="tag-count">\s*(.*?)\s*</span>', html, re.S
    )
    assert listed == [("設計", "（2件）"), ("文章", "（1件）")]
    names = [item["name"] for item in json_ld(html, "BreadcrumbList")["itemListElement"]]
    assert names == ["ホーム", "記事一覧", "タグ一覧"]


def test_the_tag_overview_without_tags_says_so(client):
    pages.article_index()
    assert "タグはまだありません。" in html_of(client, "/articles/tag/")


def test_related_articles_are_cards_with_pictures(client):
    pages.article("関連する記事", tags=["共通"], hero_image=make_image())
    page = pages.article("読んでいる記事", tags=["共通"])
    related = re.search(r'<section class="related".*?</section>', html_of(client, page.url), re.S)[
        0
    ]
    assert "関連する記事" in related and "<picture>" in related and 'loading="lazy"' in related


@pytest.mark.parametrize("raw", ["", "abc", "-1", "１２", "9" * 40, "1e3", "0x10"])
def test_a_malformed_or_foreign_published_id_shows_no_notice(client, raw):
    page = pages.article("通知のない記事")
    response = client.get(page.url, {"published": raw})
    assert response.status_code == 200
    assert "comment-published" not in response.content.decode()


def test_each_language_version_is_its_own_canonical_and_matches_its_hreflang(client):
    page = pages.article("言語ごとの正規 URL")
    for query, code, locale in (("", "ja", "ja_JP"), ("?hl=en", "en", "en_US")):
        html = html_of(client, page.url + query)
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)[1]
        alternates = dict(
            re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
        )
        assert canonical.endswith(page.url + query)
        assert alternates[code] == canonical
        assert f'<meta property="og:url" content="{canonical}">' in html
        assert f'<meta property="og:locale" content="{locale}">' in html
    assert alternates["x-default"] == alternates["ja"] != alternates["en"]


def test_feed_items_carry_their_picture_as_media_content(client):
    pages.article("画像のない記事", published_days_ago=2)
    pages.article("画像のある記事", hero_image=make_image(), published_days_ago=1)
    media = "{http://search.yahoo.com/mrss/}content"
    items = ET.fromstring(client.get("/feed/").content).findall("channel/item")
    pictures = {item.findtext("title"): item.find(media).attrib for item in items}
    drawn, uploaded = pictures["画像のない記事"], pictures["画像のある記事"]
    assert re.match(r"https?://[^/]+/share/\d+/[0-9a-f]+\.png$", drawn["url"])
    assert drawn["type"] == "image/png" and drawn["medium"] == "image"
    assert re.match(r"https?://[^/]+/media/images/.+\.png$", uploaded["url"])
    assert (uploaded["width"], uploaded["height"]) == ("1200", "630")
    assert client.get(urlsplit(drawn["url"]).path).status_code == 200


def served_bytes(client, url):
    """The file behind a picture's URL: generated images from the site, uploaded ones from
    the media storage (the web server in front serves those)."""
    path = urlsplit(url).path
    if path.startswith(settings.MEDIA_URL):
        with default_storage.open(path.removeprefix(settings.MEDIA_URL)) as stored:
            return stored.read()
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    return response.content


def test_feed_items_enclose_their_picture_with_its_length_and_type(client):
    pages.article("画像のない記事", published_days_ago=2)
    pages.article("画像のある記事", hero_image=make_image(), published_days_ago=1)
    items = ET.fromstring(client.get("/feed/").content).findall("channel/item")
    enclosures = {item.findtext("title"): item.findall("enclosure") for item in items}
    media = "{http://search.yahoo.com/mrss/}content"
    for item in items:
        (enclosure,) = enclosures[item.findtext("title")]
        assert enclosure.get("url") == item.find(media).get("url")
        assert enclosure.get("type") == "image/png"
        assert int(enclosure.get("length")) == len(served_bytes(client, enclosure.get("url"))) > 0


def test_the_editor_calls_the_picture_an_eyecatch_as_wordpress_does():
    from django.utils import translation

    from articles.models import ArticlePage

    with translation.override("ja"):
        field = ArticlePage._meta.get_field("hero_image")
        assert str(field.verbose_name) == "アイキャッチ画像"
        assert "タイトルから画像を作ります" in str(field.help_text)
