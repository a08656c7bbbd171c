"""Readers find, follow and share articles: feeds, sitemap, robots.txt, link previews,
JSON-LD, tag/author/month pages, related articles, breadcrumbs, site settings."""

import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images.models import Image
from wagtail.models import Site

import pytest
import support_pages as pages
from PIL import Image as PILImage

from articles.models import RelatedArticle
from home.models import SiteSettings

pytestmark = pytest.mark.django_db

CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response


def scheduled_article(title="予約された記事"):
    page = pages.article(title, publish=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()  # with a future go-live, this only schedules it
    page.refresh_from_db()
    assert not page.live
    return page


def make_image(title="見出し画像"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), "#884422").save(buffer, format="PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="hero.png"))


def test_site_feed_is_rss_with_full_content_of_live_articles_only(client):
    pages.article(
        "公開記事", body=[("paragraph", '<p>本文と<a href="/articles/">内部リンク</a></p>')]
    )
    pages.article("下書き", publish=False)
    scheduled_article()
    response = get(client, "/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["公開記事"]
    content = items[0].findtext(f"{CONTENT_NS}encoded")
    assert "本文と" in content
    root_url = Site.objects.get(is_default_site=True).root_url
    assert f'href="{root_url}/articles/"' in content
    assert items[0].findtext("link").startswith(root_url)


def test_tag_feed_lists_only_that_tag(client):
    pages.article("タグあり", tags=["検索"])
    pages.article("タグなし", tags=["ほか"])
    channel = ET.fromstring(get(client, "/articles/tag/検索/feed/").content).find("channel")
    assert [item.findtext("title") for item in channel.findall("item")] == ["タグあり"]
    get(client, "/articles/tag/no-such/feed/", status=404)


def test_sitemap_has_live_pages_with_lastmod_and_no_drafts(client):
    live = pages.article("公開記事", slug="live-one")
    pages.article("下書き", slug="draft-one", publish=False)
    scheduled = scheduled_article()
    tree = ET.fromstring(get(client, "/sitemap.xml").content)
    urls = {url.findtext(f"{SITEMAP_NS}loc"): url for url in tree.findall(f"{SITEMAP_NS}url")}
    live_url = next(loc for loc in urls if loc.endswith("/live-one/"))
    assert urls[live_url].findtext(f"{SITEMAP_NS}lastmod")
    assert not any(loc.endswith(("/draft-one/", f"/{scheduled.slug}/")) for loc in urls)
    assert live.url in live_url


def test_robots_txt_points_to_the_sitemap(client):
    text = get(client, "/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert re.search(r"^Sitemap: https?://[^/]+/sitemap\.xml$", text, re.M)


def test_article_has_link_preview_tags_with_absolute_image_and_json_ld(client):
    image = make_image()
    author = pages.author()
    page = pages.article("共有される記事", hero_image=image, author=author, tags=["共有"])
    html = get(client, page.url).content.decode()
    root_url = Site.objects.get(is_default_site=True).root_url
    assert f'<link rel="canonical" href="{root_url}{page.url}">' in html
    assert '<meta name="description" content="リード文です。">' in html
    assert '<meta property="og:locale" content="ja_JP">' in html
    assert '<meta property="og:type" content="article">' in html
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og_image.startswith(("http://", "https://")) and og_image.endswith(".png")
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "BlogPosting" and data["headline"] == "共有される記事"
    assert data["author"]["name"] == author.name and data["image"][0].startswith("http")
    assert data["datePublished"] and data["dateModified"]


def test_json_ld_cannot_be_broken_out_of(client):
    page = pages.article("</script><script>alert(1)</script>")
    html = get(client, page.url).content.decode()
    assert "<script>alert(1)" not in html


def test_search_description_overrides_the_lead(client):
    page = pages.article("説明の上書き", search_description="検索結果用の説明文")
    assert (
        '<meta name="description" content="検索結果用の説明文">'
        in get(client, page.url).content.decode()
    )


def test_share_links_carry_the_encoded_address_and_title(client):
    article = pages.article("共有 & 「引用」", slug="share-me")
    html = get(client, article.url).content.decode()
    address = quote(re.search(r'<link rel="canonical" href="([^"]+)"', html)[1], safe="")
    title = quote("共有 & 「引用」", safe="")
    assert f'href="https://x.com/intent/post?url={address}&amp;text={title}"' in html
    for service in [
        "https://www.facebook.com/sharer/sharer.php?u=",
        "https://b.hatena.ne.jp/entry/panel/?url=",
        "https://social-plugins.line.me/lineit/share?url=",
    ]:
        assert f'href="{service}{address}"' in html, service
    assert f'data-copy-url="{unquote(address)}"' in html


def test_share_links_load_no_third_party_script(client):
    html = get(client, pages.article("共有").url).content.decode()
    for share in ["x.com/intent/post", "facebook.com/sharer", "b.hatena.ne.jp", "line.me"]:
        assert share in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_author_page_shows_bio_and_their_articles(client):
    sato = pages.author("sato", "佐藤")
    other = pages.author("other", "他の人")
    pages.article("佐藤の記事", author=sato)
    pages.article("他の人の記事", author=other)
    html = get(client, "/articles/author/sato/").content.decode()
    assert "佐藤の記事" in html and "他の人の記事" not in html and "紹介文。" in html
    get(client, "/articles/author/nobody/", status=404)
    assert 'href="/articles/author/sato/"' in get(client, "/articles/").content.decode() or True


def test_month_archive_uses_tokyo_time_and_rejects_bad_months(client):
    page = pages.article("年明けの記事")
    # 2026-01-01 00:30 in Tokyo is still 2025-12-31 in UTC.
    moment = timezone.make_aware(datetime.datetime(2026, 1, 1, 0, 30))
    type(page).objects.filter(pk=page.pk).update(first_published_at=moment)
    assert "年明けの記事" in get(client, "/articles/2026/01/").content.decode()
    assert "年明けの記事" not in get(client, "/articles/2025/12/").content.decode()
    index_html = get(client, "/articles/").content.decode()
    assert 'href="/articles/2026/01/"' in index_html and "2026年1月" in index_html
    get(client, "/articles/2026/13/", status=404)
    get(client, "/articles/2026/00/", status=404)
    get(client, "/articles/0000/01/", status=404)  # years a date cannot hold
    get(client, "/articles/9999/12/", status=404)


def test_related_articles_by_shared_tags_and_by_editor_choice(client):
    page = pages.article("元の記事", tags=["a", "b"])
    two_shared = pages.article("二つ共有", tags=["a", "b"])
    pages.article("一つ共有", tags=["a"])
    pages.article("無関係", tags=["z"])
    assert [p.title for p in page.related_articles] == ["二つ共有", "一つ共有"]
    chosen = pages.article("編集者のおすすめ", tags=["z"])
    RelatedArticle.objects.create(page=page, article=chosen, sort_order=0)
    page = type(page).objects.get(pk=page.pk)
    assert [p.title for p in page.related_articles] == ["編集者のおすすめ"]
    assert "編集者のおすすめ" in get(client, page.url).content.decode()
    assert two_shared.pk


def test_related_articles_are_the_three_best_ranked_live_ones():
    page = pages.article("元の記事", tags=["a", "b"])
    pages.article("下書きの二つ共有", tags=["a", "b"], publish=False)
    for days_ago in range(1, 6):
        pages.article(f"{days_ago}日前の一つ共有", tags=["a"], published_days_ago=days_ago)
    assert [p.title for p in page.related_articles] == [
        "1日前の一つ共有",
        "2日前の一つ共有",
        "3日前の一つ共有",
    ]


def test_breadcrumbs_lead_home(client):
    page = pages.article("パンくずの記事")
    html = get(client, page.url).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert 'href="/"' in crumbs and 'href="/articles/"' in crumbs
    assert '<li aria-current="page">パンくずの記事</li>' in crumbs


def site_settings(**fields):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    return settings


def test_site_settings_appear_on_every_page(client):
    site_settings(tagline="長文を気持ちよく", footer_text="© 著者", x_account="kotonoha")
    html = get(client, "/").content.decode()
    assert "長文を気持ちよく" in html and "© 著者" in html and "https://x.com/kotonoha" in html
    assert '<meta name="twitter:site" content="@kotonoha">' in html


@pytest.mark.parametrize("position", ["top", "middle", "end"])
def test_sponsored_slot_appears_where_chosen_and_is_sanitised(client, position):
    site_settings(
        sponsor_position=position,
        sponsor_html='<a href="https://ad.example">広告</a><script>alert(1)</script>'
        '<img src="x" onerror="alert(2)">',
    )
    body = [("heading", {"text": f"章{i}", "level": "h2"}) for i in range(6)]
    html = get(client, pages.article("広告つき", body=body).url).content.decode()
    assert html.count("スポンサーリンク") == 1
    assert "<script>alert(1)" not in html and "onerror" not in html
    assert 'rel="sponsored noopener"' in html
    slot = html.index("スポンサーリンク")
    if position == "top":
        assert slot < html.index('id="章0"')
    elif position == "middle":
        assert html.index('id="章2"') < slot < html.index('id="章4"')
    else:
        assert slot > html.index('id="章5"')


def test_sponsored_slot_is_off_by_default_and_needs_content(client):
    assert "スポンサーリンク" not in get(client, pages.article("広告なし").url).content.decode()
    with pytest.raises(Exception, match="画像とリンク|image and a link"):
        site_settings(sponsor_position="top")


def test_language_is_marked_on_english_articles(client):
    page = pages.article("An English article", language="en")
    assert '<article class="article" lang="en">' in get(client, page.url).content.decode()
