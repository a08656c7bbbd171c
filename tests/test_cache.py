"""The full-page cache and its invalidation (issue #6): what is cached, what never is, and each
change that must drop it; the comment form on an old cached copy; the purge sent to the
reverse proxy, and Varnish with the shipped VCL when it is installed."""

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
from django.core.cache import cache, caches
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction, Revision, Site

import pytest
from conftest import free_port

from articles.models import ARTICLES_PER_PAGE, ArticlePage
from caching import content
from caching.middleware import cacheable_response
from comments import moderation
from comments.forms import CommentForm
from comments.models import BlogComment, CommentSettings
from comments.testing import add_comment, form_data, make_article, path_of
from editorial.scheduler import tick
from home.models import SiteSettings

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    settings.FRAGMENT_CACHE_SECONDS = 3600
    for alias in ("default", "versions", "kept"):
        caches[alias].clear()
    yield
    cache.clear()
    caches["kept"].clear()


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


def test_anonymous_pages_come_from_the_cache_without_a_query(client, django_assert_num_queries):
    article = make_article("キャッシュされる記事")
    first = get(client, article.url)
    assert first["X-Page-Cache"] == "miss"
    assert "s-maxage=3600" in first["Cache-Control"] and "max-age=0" in first["Cache-Control"]
    with django_assert_num_queries(0):
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


def test_previews_never_read_or_write_cached_fragments(client, commit):
    article = make_article("公開中の本文")
    assert "本文です。" in get(client, article.url).content.decode()
    article.body = [("paragraph", "<p>下書きの本文です。</p>")]
    article.save_revision()  # a draft: the live page is unchanged
    preview = article.get_latest_revision_as_object().make_preview_request()
    assert "下書きの本文です。" in preview.content.decode()
    cache.clear()  # not the page: the fragments must not hold the draft either
    assert "下書きの本文です。" not in get(client, article.url).content.decode()


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


def test_site_settings_and_fragments_follow_changes(client, commit, django_user_model):
    """Logged-in readers get no page cache but the same fragments: they change with it."""
    article = make_article("断片の記事")
    client.force_login(django_user_model.objects.create_user("reader"))
    get(client, article.url)
    with commit():
        add_comment(article, text="断片にも出るコメント")
    assert "断片にも出るコメント" in get(client, article.url).content.decode()
    version = content.current()
    with commit():
        SiteSettings.for_site(Site.objects.get(is_default_site=True)).save()
    assert content.current() != version


# ------------------------------------------------- rows kept by content version (objects.py)


@pytest.fixture
def no_page_cache(settings):
    """Fragments and kept rows only: what a logged-in reader or a cache miss goes through."""
    settings.PAGE_CACHE_SECONDS = 0


def test_an_article_outside_the_page_cache_needs_no_query_once_kept(
    client, no_page_cache, django_assert_num_queries
):
    article = make_article("問い合わせのない記事")
    add_comment(article, text="残るコメント")
    first = get(client, article.url).content.decode()
    with django_assert_num_queries(0):  # routing, privacy check, settings: all kept
        second = get(client, article.url).content.decode()
    assert "残るコメント" in second and second == first


def test_kept_pages_follow_unpublishing_and_privacy(client, no_page_cache, commit):
    article = make_article("非公開にする記事")
    assert "本文です。" in get(client, article.url).content.decode()
    with commit():
        restriction = PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="合言葉です"
        )
    private = get(client, article.url).content.decode()
    assert "本文です。" not in private and 'name="password"' in private
    kept_values = list(caches["kept"]._cache.values())  # pickled: Wagtail keeps it as typed
    assert kept_values and not any("合言葉です".encode() in value for value in kept_values)
    assert "非公開にする記事" not in get(client, "/").content.decode()
    with commit():
        restriction.delete()
    assert "本文です。" in get(client, article.url).content.decode()
    with commit():
        article.unpublish()
    get(client, article.url, status=404)


def test_kept_counts_follow_publishing(client, no_page_cache, commit):
    for number in range(ARTICLES_PER_PAGE):
        make_article(f"一覧の記事{number}", slug=f"listed-{number}")
    for url in ["/", "/articles/"]:
        assert 'rel="next"' not in get(client, url).content.decode()
    with commit():
        make_article("一つ多い記事", slug="one-more").save_revision().publish()
    for url in ["/", "/articles/"]:
        assert 'rel="next"' in get(client, url).content.decode(), url
    get(client, "/articles/?page=2")


def test_kept_settings_follow_changes(client, no_page_cache, commit, django_assert_num_queries):
    article = make_article("設定を読む記事")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    get(client, article.url)
    with commit():
        site_settings.tagline = "新しい標語"
        site_settings.save()
    assert "新しい標語" in get(client, article.url).content.decode()
    CommentSettings.load()
    with django_assert_num_queries(0):
        CommentSettings.load()
    with commit():
        comment_settings = CommentSettings.load()
        comment_settings.close_after_days = 1  # the article is older: closed now
        comment_settings.save()
    assert CommentSettings.load().close_after_days == 1
    assert 'class="comment-form' not in get(client, article.url).content.decode()


def test_migrate_gives_a_new_version(client):
    """A release runs migrate: what the previous code cached is not read by the new one."""
    version = content.current()
    call_command("migrate", verbosity=0)
    assert content.current() != version


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
        assert PurgeRecorder.received[-1] == ("/", urlsplit(site.root_url).netloc)
        count = len(PurgeRecorder.received)
        with commit():
            moderation.hide([add_comment(article)], django_user_model.objects.create_user("m"))
        assert len(PurgeRecorder.received) > count
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
        add_comment(article, text="Varnish を通っても見えるコメント")  # commits: purges
        headers, html = fetch()
        assert headers["X-Cache"] == "MISS" and "Varnish を通っても見えるコメント" in html
    finally:
        varnish.terminate()
        varnish.wait(10)
