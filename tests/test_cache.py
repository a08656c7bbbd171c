"""The full-page cache and its invalidation (issues #6, #13): what is cached, what never is,
each change and the pages it must make cold (and only those); query strings; the cache failing;
the comment form on an old cached copy; the purge sent to the reverse proxy, and Varnish with
the shipped VCL when it is installed."""

import http.server
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core import mail
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction, Revision, Site

import pytest
import support_pages as pages
from conftest import free_port
from support_comments import add_comment, form_data, make_article, path_of

from articles.models import ARTICLES_PER_PAGE, ArticlePage
from caching import scopes
from caching.middleware import cacheable_response
from caching.purge import PURGE_ALL_PATH
from comments import moderation
from comments.forms import CommentForm
from comments.models import BlogComment, CommentSettings
from editorial.scheduler import tick
from home.models import SiteSettings
from pages.models import StandardPage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    scopes.clear_all()
    yield
    scopes.clear_all()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the transaction's commit (the new content version, the purge)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def get(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, url
    return response


def served_from_cache(client, url):
    return get(client, url).headers.get("X-Page-Cache") == "hit"


# --------------------------------------------------------------------------- what is cached


def test_anonymous_pages_come_from_the_cache_with_one_query(client, django_assert_num_queries):
    """The one query reads the tokens of what the page shows, from the database (issue #20)."""
    article = make_article("キャッシュされる記事")
    first = get(client, article.url)
    assert first["X-Page-Cache"] == "miss"
    assert "s-maxage=3600" in first["Cache-Control"] and "max-age=0" in first["Cache-Control"]
    with django_assert_num_queries(1):
        second = get(client, article.url)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    for url in ["/", "/articles/", "/feed/", "/sitemap.xml"]:
        get(client, url)
        assert served_from_cache(client, url), url
    assert not served_from_cache(client, "/articles/?page=2")  # its own entry, first visit


def test_what_is_never_cached(client, django_user_model):
    article = make_article("キャッシュされない場面")
    get(client, article.url)  # an anonymous copy is in the cache now
    # Logged in: neither served the anonymous copy nor stored.
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.jp", "x"))
    for _ in range(2):
        response = get(client, article.url)
        assert "X-Page-Cache" not in response and "s-maxage" not in response.get(
            "Cache-Control", ""
        )
    client.logout()
    client.cookies.clear()
    # Posting (a form with errors comes back with status 200), search, 404s.
    response = client.post(reverse("comments-post-comment"), form_data(article, email="x"))
    assert response.status_code == 200 and "X-Page-Cache" not in response
    for url, status in [("/search/?query=記事", 200), ("/articles/no-such-page/", 404)]:
        for _ in range(2):
            assert "X-Page-Cache" not in get(client, url, status)
    # A session or messages cookie means a person the page may be about.
    client.cookies["messages"] = "x"
    assert "X-Page-Cache" not in get(client, article.url)


def test_responses_that_set_cookies_or_are_private_or_previews_are_not_stored():
    request = RequestFactory().get("/")
    assert cacheable_response(request, HttpResponse("ok"))
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("csrftoken", "x")
    assert not cacheable_response(request, with_cookie)
    private = HttpResponse("ok", headers={"Cache-Control": "private"})
    assert not cacheable_response(request, private)
    request.is_preview = True
    assert not cacheable_response(request, HttpResponse("ok"))


def test_previews_are_never_stored_and_show_the_drafts_outline(client):
    article = make_article("公開中の本文")
    live = get(client, article.url).content.decode()
    assert "本文です。" in live and served_from_cache(client, article.url)
    article.body = [("heading", {"text": "下書きの見出し", "level": "h2"}),
                    ("paragraph", "<p>下書きの本文です。</p>"),
                    ("heading", {"text": "二つ目の見出し", "level": "h2"})]  # fmt: skip
    article.save_revision()  # a draft: the live page is unchanged
    preview = article.get_latest_revision_as_object().make_preview_request()
    html = preview.content.decode()
    assert "下書きの本文です。" in html and 'href="#下書きの見出し"' in html  # its own contents
    assert "X-Page-Cache" not in preview
    assert get(client, article.url).content.decode() == live  # neither served nor stored


def test_query_strings_tracking_parameters_share_the_entry_others_are_not_stored(client):
    article = make_article("共有された記事")
    get(client, article.url)
    tracked = f"{article.url}?utm_source=x&utm_medium=social&fbclid=abc&gclid=1&_ga=2&mc_cid=3"
    assert served_from_cache(client, tracked)  # the plain address's entry
    for _ in range(2):
        assert "X-Page-Cache" not in get(client, f"{article.url}?utm_source=x&ref=zzz")
        assert "X-Page-Cache" not in get(client, f"{article.url}?q=anything")
    get(client, "/articles/?page=1")
    assert served_from_cache(client, "/articles/?page=1&utm_campaign=spring")
    get(client, f"{article.url}?hl=en")
    assert served_from_cache(client, f"{article.url}?hl=en&gclid=x")
    assert 'lang="en"' in get(client, f"{article.url}?hl=en").content.decode()
    for _ in range(2):
        assert "X-Page-Cache" not in get(client, f"{article.url}?hl=xx")


def test_no_cache_status_header_in_production_but_still_cached(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_STATUS_HEADER = False
    article = make_article("見出しのない記事")
    assert "X-Page-Cache" not in get(client, article.url)
    with django_assert_num_queries(1):  # a hit: only the tokens
        assert "X-Page-Cache" not in get(client, article.url)


def test_pages_render_when_the_cache_fails(client, settings):
    """The page cache is an accelerator: Redis gone (nothing listens there), pages render."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        },
    }
    article = make_article("キャッシュが落ちても読める記事")
    for _ in range(2):
        response = get(client, article.url)
        assert "キャッシュが落ちても読める記事" in response.content.decode()
        assert "X-Page-Cache" not in response


# --------------------------------------------------------------------------- invalidation


def test_publishing_an_article_refreshes_every_listing(client, commit):
    make_article("前からある記事")
    urls = ["/", "/articles/", "/feed/", "/sitemap.xml"]
    for url in urls:
        get(client, url)
        assert served_from_cache(client, url)
    with commit():
        make_article("新しく公開した記事", slug="fresh").save_revision().publish()
    for url in urls:
        response = get(client, url)
        assert response["X-Page-Cache"] == "miss", url
        assert (
            "新しく公開した記事" in response.content.decode()
            or "fresh" in response.content.decode()
        )


def test_unpublishing_removes_the_article(client, commit):
    article = make_article("取り下げる記事")
    get(client, article.url), get(client, "/")
    assert served_from_cache(client, article.url)
    with commit():
        article.unpublish()
    get(client, article.url, status=404)
    assert "取り下げる記事" not in get(client, "/").content.decode()


def test_scheduled_publishing_and_expiry(client, commit):
    page = make_article("予約した記事", slug="scheduled")
    page.unpublish()
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()  # scheduled, not live yet
    assert "予約した記事" not in get(client, "/").content.decode()
    assert served_from_cache(client, "/")
    past = timezone.now() - timedelta(minutes=1)  # as if the hour had passed
    revision.content["go_live_at"] = past.isoformat()
    Revision.objects.filter(pk=revision.pk).update(
        content=revision.content, approved_go_live_at=past
    )
    with commit():
        assert tick().published  # the scheduler's pass: Wagtail's publish_scheduled
    assert "予約した記事" in get(client, "/").content.decode()

    expiring = make_article("期限切れになる記事", slug="expiring")
    ArticlePage.objects.filter(pk=expiring.pk).update(expire_at=timezone.now() - timedelta(1))
    get(client, expiring.url)
    assert served_from_cache(client, expiring.url)
    with commit():
        assert tick().expired
    get(client, expiring.url, status=404)


def test_a_confirmed_comment_appears(client, commit):
    article = make_article("コメントを待つ記事")
    get(client, article.url)
    assert served_from_cache(client, article.url)
    client.post(reverse("comments-post-comment"), form_data(article, comment="確認後に出る。"))
    assert served_from_cache(client, article.url)  # waiting for its confirmation: unchanged
    (link,) = [url for url in links_in_outbox() if "/comments/confirm/" in url]
    with commit():
        client.post(path_of(link))
    response = get(client, article.url)
    assert response["X-Page-Cache"] == "miss" and "確認後に出る。" in response.content.decode()


def links_in_outbox():
    return re.findall(r"https?://\S+", mail.outbox[-1].body)


def test_moderation_approves_hides_marks_spam_and_deletes(client, commit, django_user_model):
    editor = django_user_model.objects.create_user("moderator")
    article = make_article("モデレーションの記事")
    held = add_comment(article, text="承認待ちのコメント", public=False)
    shown = add_comment(article, text="表示中のコメント", email="b@example.jp")
    other = add_comment(article, text="迷惑なコメント", email="c@example.jp")

    def html():
        return get(client, article.url).content.decode()

    assert "承認待ちのコメント" not in html() and served_from_cache(client, article.url)
    with commit():
        moderation.approve([held], editor)
    assert "承認待ちのコメント" in html()
    with commit():
        moderation.hide([shown], editor)
    assert "表示中のコメント" not in html()
    with commit():
        moderation.mark_spam([other], editor)
    assert "迷惑なコメント" not in html()
    with commit():
        BlogComment.objects.get(pk=held.pk).delete()
    assert "承認待ちのコメント" not in html()


def test_a_comment_hidden_on_a_fixed_page_makes_the_page_cold(client, commit, django_user_model):
    page = StandardPage(title="プロフィール", slug="profile")
    pages.home_page().add_child(instance=page)
    page.save_revision().publish()
    comment = add_comment(page, text="昔のコメント")
    assert "昔のコメント" in get(client, page.url).content.decode()
    assert served_from_cache(client, page.url)
    with commit():
        moderation.hide([comment], django_user_model.objects.create_user("moderator"))
    assert "昔のコメント" not in get(client, page.url).content.decode()


def test_a_comment_makes_cold_only_its_article_and_the_listings_showing_it(client, commit):
    index = pages.article_index()
    article = pages.article("話題の記事", slug="talked", tags=["話題"], published_days_ago=2)
    other = pages.article("静かな記事", slug="quiet", tags=["別"], published_days_ago=40)
    for _ in range(ARTICLES_PER_PAGE):  # the quiet article goes to the second page
        pages.article("あいだの記事", published_days_ago=10)
    tag_url = index.url + index.reverse_subpage("tag", args=["話題"])
    other_listing = "/articles/?page=2"
    urls = [article.url, "/", "/articles/", tag_url, other.url, other_listing]
    for url in urls:
        get(client, url)
        assert served_from_cache(client, url), url
    with commit():
        add_comment(article, text="一件目のコメント")
    for url in [article.url, "/", "/articles/", tag_url]:  # its page and its cards: the count
        assert not served_from_cache(client, url), url
    assert "一件目のコメント" in get(client, article.url).content.decode()
    assert served_from_cache(client, other.url) and served_from_cache(client, other_listing)


def test_publishing_makes_cold_its_neighbours_and_the_articles_related_by_tag(client, commit):
    older = pages.article("古い記事", slug="older", tags=["共通"], published_days_ago=30)
    newer = pages.article("新しい記事", slug="newer", tags=["無関係"], published_days_ago=1)
    related = pages.article("同じタグの記事", slug="related", tags=["共通"], published_days_ago=60)
    unrelated = pages.article("遠い記事", slug="far", tags=["遠い"], published_days_ago=90)
    for page in (older, newer, related, unrelated):
        get(client, page.url)
        assert served_from_cache(client, page.url)
    with commit():
        middle = pages.article("間に入る記事", slug="middle", tags=["共通"], published_days_ago=5)
    for page in (older, newer):  # its previous and next article now link it
        response = get(client, page.url)
        assert response["X-Page-Cache"] == "miss" and "間に入る記事" in response.content.decode()
    assert "間に入る記事" in get(client, related.url).content.decode()  # related by its tag
    assert served_from_cache(client, unrelated.url)
    get(client, middle.url)
    with commit():
        middle.title = "改題した記事"
        middle.save_revision().publish()
    for page in (older, newer, related):
        assert "改題した記事" in get(client, page.url).content.decode(), page.slug


def test_site_settings_make_every_page_cold(client, commit):
    article = make_article("設定を読む記事")
    for url in (article.url, "/"):
        get(client, url)
    with commit():
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.tagline = "新しい標語"
        site_settings.save()
    for url in (article.url, "/"):
        assert "新しい標語" in get(client, url).content.decode(), url
    with commit():
        comment_settings = CommentSettings.load()
        comment_settings.close_after_days = 1  # the article is older: closed now
        comment_settings.save()
    assert 'class="comment-form' not in get(client, article.url).content.decode()


def test_privacy_follows_view_restrictions(client, commit):
    article = make_article("非公開にする記事")
    assert "本文です。" in get(client, article.url).content.decode()
    with commit():
        restriction = PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="合言葉です"
        )
    private = get(client, article.url).content.decode()
    assert "本文です。" not in private and 'name="password"' in private
    assert "非公開にする記事" not in get(client, "/").content.decode()
    with commit():
        restriction.delete()
    assert "本文です。" in get(client, article.url).content.decode()


def test_listing_pages_follow_publishing(client, commit):
    for number in range(ARTICLES_PER_PAGE):
        make_article(f"一覧の記事{number}", slug=f"listed-{number}")
    for url in ["/", "/articles/"]:
        assert 'rel="next"' not in get(client, url).content.decode()
    with commit():
        make_article("一つ多い記事", slug="one-more").save_revision().publish()
    for url in ["/", "/articles/"]:
        assert 'rel="next"' in get(client, url).content.decode(), url
    get(client, "/articles/?page=2")


def test_migrate_makes_every_page_cold(client):
    """A release runs migrate: what the previous code cached is not served by the new one."""
    before = scopes.tokens([scopes.SITE, scopes.LISTS])
    call_command("migrate", verbosity=0)
    after = scopes.tokens([scopes.SITE, scopes.LISTS])
    assert all(before[scope] != after[scope] for scope in before)


def test_search_snippets_follow_a_new_version_of_the_body(client, commit):
    article = make_article("検索される記事")
    with commit():
        article.save_revision().publish()
    html = get(client, "/search/?query=本文").content.decode()
    assert "<mark>本文</mark>です" in html
    with commit():
        article.body = [("paragraph", "<p>書き直した本文の文章。</p>")]
        article.save_revision().publish()
    html = get(client, "/search/?query=本文").content.decode()
    assert "書き直した<mark>本文</mark>の文章" in html


# --------------------------------------------------------------------------- the comment form


def test_the_form_data_endpoint_gives_a_fresh_timestamp_and_is_never_cached(client):
    article = make_article("古いフォーム")
    url = reverse("comments-form-data", args=[article.pk])
    for _ in range(2):
        response = get(client, url)
        assert "no-cache" in response["Cache-Control"] and "X-Page-Cache" not in response
    data = response.json()
    assert abs(int(data["timestamp"]) - time.time()) < 60
    assert data["security_hash"] == CommentForm(article).initial_security_hash(data["timestamp"])
    closed = make_article("閉じた記事", comments_open=False)
    get(client, reverse("comments-form-data", args=[closed.pk]), status=404)
    get(client, reverse("comments-form-data", args=[99999999]), status=404)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_of_a_three_hour_old_cached_page_posts_in_one_go(
    browser_page, live_server, monkeypatch
):
    import django_comments.forms

    mail.outbox.clear()
    article = make_article("三時間前のページ")
    three_hours_ago = time.time() - 3 * 60 * 60

    class Clock:
        time = staticmethod(lambda: three_hours_ago)

    monkeypatch.setattr(django_comments.forms, "time", Clock)
    page = browser_page
    page.goto(f"{live_server.url}{article.url}")  # rendered "three hours ago", now cached
    monkeypatch.undo()
    page.goto(f"{live_server.url}{article.url}")
    stale = page.locator("form.comment-form input[name=timestamp]").get_attribute("value")
    assert int(stale) == int(three_hours_ago)  # the cached copy, as old as said
    form = page.locator("form.comment-form")
    form.get_by_label("お名前").fill("読者 三郎")
    form.get_by_label("メールアドレス").fill("saburo@example.jp")
    form.get_by_label(re.compile(r"^コメント")).fill("古いページからでも送れました。")
    form.get_by_role("button", name="コメントを送信").click()
    page.get_by_role("heading", name="メールをご確認ください").wait_for()
    assert "confirm" in mail.outbox[-1].body


# --------------------------------------------------------------------------- the reverse proxy


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):
        self.received.append((self.path, self.headers["Host"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_every_change_purges_the_reverse_proxy(settings, commit, django_user_model):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    PurgeRecorder.received = []
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    try:
        with commit():
            article = make_article("パージされる記事")
            article.save_revision().publish()
        site = Site.objects.get(is_default_site=True)
        # A publication: every listing and related article, the whole site in one request.
        assert (PURGE_ALL_PATH, urlsplit(site.root_url).netloc) in PurgeRecorder.received
        PurgeRecorder.received = []
        with commit():
            moderation.hide([add_comment(article)], django_user_model.objects.create_user("m"))
        # A comment: its article and the listings that show its card, nothing else.
        purged = {path for path, _ in PurgeRecorder.received}
        assert {article.url, "/", article.get_parent().url} <= purged
        assert PURGE_ALL_PATH not in purged
    finally:
        server.shutdown()


@pytest.mark.skipif(
    not shutil.which("varnishd") and not os.environ.get("CI"),
    reason="Varnish is not installed (.ci/run installs it; in CI this test must run)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_varnish_with_the_shipped_vcl_caches_and_is_purged(live_server, settings, tmp_path):
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = (ROOT / "deploy/varnish/default.vcl").read_text()
    (tmp_path / "test.vcl").write_text(vcl.replace('.port = "8000"', f'.port = "{backend_port}"'))
    port = free_port()
    varnish = subprocess.Popen(
        ["varnishd", "-F", "-j", "none", "-n", str(tmp_path / "work"), "-a", f"127.0.0.1:{port}",
         "-T", "none", "-f", str(tmp_path / "test.vcl"), "-s", "malloc,32m"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{port}",
        }
    }
    try:
        article = make_article("Varnish の記事")
        Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=int(port))
        url = f"http://127.0.0.1:{port}{article.url}"

        def fetch(**headers):
            request = urllib.request.Request(url, headers=headers)
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.headers, response.read().decode()

        for _ in range(100):  # Varnish takes a moment to start
            try:
                fetch()
                break
            except OSError:
                time.sleep(0.1)
        headers, _ = fetch()
        assert headers["X-Cache"] == "HIT" and "s-maxage" not in headers["Cache-Control"]
        assert fetch(Cookie="sessionid=abc")[0]["X-Cache"] == "MISS"  # passed to the app
        listing = f"http://127.0.0.1:{port}/?page=1"
        for _ in range(2):
            urllib.request.urlopen(listing, timeout=10).read()
        assert fetch()[0]["X-Cache"] == "HIT"
        tracked = urllib.request.urlopen(url + "?utm_source=mail&fbclid=x", timeout=10)
        assert tracked.headers["X-Cache"] == "HIT"  # the same object as the plain address
        add_comment(article, text="Varnish を通っても見えるコメント")  # commits: purges
        headers, html = fetch()
        assert headers["X-Cache"] == "MISS" and "Varnish を通っても見えるコメント" in html
        with urllib.request.urlopen(listing, timeout=10) as response:
            assert response.headers["X-Cache"] == "MISS"  # ?page= of a purged listing too
    finally:
        varnish.terminate()
        varnish.wait(10)
