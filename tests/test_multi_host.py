"""Several hosts without surprises (issue #20), piece by piece: the health URL the proxy
probes, the site served uncached while Redis is down, cached pages that cannot go back in time
(a Redis restarted from an old snapshot, `invalidate_caches` after a restore or a media switch),
the start-up check, copying media to an S3 API server (moto, on loopback), and the shipped VCL
with a host that dies and comes back. bench/multi_host.py runs the whole exercise."""

import http.server
import io
import json
import re
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path

from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.images import get_image_model
from wagtail.models import Site

import boto3
import httpx
import PIL.Image
import pytest
import redis
from conftest import needs
from support_comments import make_article

from bench.ports import free_port
from bench.servers import start_redis, start_s3, start_varnish, stop
from caching import scopes

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def redis_caches(location):
    """What site/settings/base.py sets up for CACHE_URL, at this location."""
    cache = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1},
    }
    return {"default": cache, "pages": cache}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    scopes.clear_all()
    yield settings
    scopes.clear_all()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


class FakeHost(http.server.ThreadingHTTPServer):
    """A proxy's purge endpoint (PURGE answered with purge_status) or a second application
    host (GET answered with `body`), on 127.0.0.1; records the purges."""

    def __init__(self, port=0, purge_status=200, body=b"second host\n"):
        self.purge_status, self.body, self.purged = purge_status, body, []
        super().__init__(("127.0.0.1", port), FakeHostHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def close(self):
        self.shutdown()
        self.server_close()


class FakeHostHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_PURGE(self):
        self.server.purged.append(self.path)
        self.answer(self.server.purge_status, b"")

    def do_GET(self):
        self.answer(200, self.server.body)

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


# --------------------------------------------------------------------------- health URL


def test_the_health_url_answers_a_probe_by_address_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # production: plain HTTP is redirected...
    by_address = {"Host": "10.0.0.11:8000"}  # ...and the host's own address is not allowed
    assert client.get("/", headers=by_address).status_code == 400
    response = client.get("/healthz", headers=by_address)
    assert response.status_code == 200 and response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert client.head("/healthz", headers=by_address).status_code == 200
    assert client.post("/healthz", headers=by_address).status_code != 200  # only GET / HEAD


def test_the_health_url_says_503_when_the_database_does_not_answer():
    """A real connection attempt, in a process whose database is a closed port."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz', headers={'Host': '10.0.0.11'})\n"
        "print(r.status_code, r.content.decode().strip())"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "blogsite.settings.test",
        "DATABASE_URL": f"postgres://blog:secret@127.0.0.1:{free_port()}/blog",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() == "503 database unavailable", out.stderr


# --------------------------------------------------------------------------- Redis


def test_with_redis_down_pages_are_served_uncached_and_it_recovers_by_itself(
    client, page_cache, tmp_path
):
    needs("redis-server", "apt-get install redis-server")
    port = free_port()  # nothing listens there yet: Redis is down
    page_cache.CACHES = redis_caches(f"redis://127.0.0.1:{port}/0")
    article = make_article("Redis が落ちても読める記事")
    urls = ["/", article.url, "/articles/", "/feed/", "/sitemap.xml", "/search/?q=Redis"]
    for url in urls * 2:  # each twice: the second is no hit either
        assert get(client, url).get("X-Page-Cache") != "hit", url
    assert "Redis が落ちても読める記事" in get(client, article.url).content.decode()
    process = start_redis(port, tmp_path)  # Redis is back: no restart of the site needed
    try:
        assert get(client, article.url)["X-Page-Cache"] == "miss"
        assert get(client, article.url)["X-Page-Cache"] == "hit"
    finally:
        stop(process)
    assert get(client, article.url).get("X-Page-Cache") != "hit"  # and down again


# --------------------------------------------------------------------------- never back in time


def test_redis_restarted_from_an_old_snapshot_serves_no_old_page(
    client, page_cache, commit, tmp_path
):
    needs("redis-server", "apt-get install redis-server")
    port = free_port()
    page_cache.CACHES = redis_caches(f"redis://127.0.0.1:{port}/0")
    process = start_redis(port, tmp_path)
    try:
        article = make_article("初版の見出し")
        get(client, article.url)
        assert get(client, article.url)["X-Page-Cache"] == "hit"
        redis.Redis(port=port).save()  # the snapshot, with the first version's page in it
        article.title = "改訂版の見出し"
        with commit():
            article.save_revision().publish()
        assert "改訂版の見出し" in get(client, article.url).content.decode()
        stop(process)
        process = start_redis(port, tmp_path)  # back from the old snapshot
        assert redis.Redis(port=port).dbsize() > 0
        response = get(client, article.url)
        assert "改訂版の見出し" in response.content.decode()
        assert response["X-Page-Cache"] == "miss"
    finally:
        stop(process)


def test_invalidate_caches_makes_every_page_cold_and_purges_the_proxy(client, page_cache):
    proxy = FakeHost()
    page_cache.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": proxy.url,
        }
    }
    try:
        article = make_article("リストアの前の記事")
        for url in ["/", article.url]:
            get(client, url)
            assert get(client, url)["X-Page-Cache"] == "hit"
        call_command("invalidate_caches", stdout=StringIO())
        for url in ["/", article.url]:
            assert get(client, url)["X-Page-Cache"] == "miss", url
        assert "/.purge-all" in proxy.purged
    finally:
        proxy.close()


# --------------------------------------------------------------------------- start-up check


def preflight():
    errors = StringIO()
    try:
        call_command("preflight", stdout=StringIO(), stderr=errors)
    except CommandError:
        return errors.getvalue()
    return ""


@pytest.fixture
def release_static(settings, tmp_path):
    """A release's static files: two source files, the manifest storage production uses."""
    source = tmp_path / "source"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text("body { color: #333; }")
    (source / "js" / "share.js").parent.mkdir()
    (source / "js" / "share.js").write_text("void 0;")
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return settings.STATIC_ROOT


def test_preflight_refuses_a_host_without_its_static_files(release_static):
    assert "collectstatic" in preflight()  # a new host: nothing collected
    call_command("collectstatic", interactive=False, verbosity=0)
    assert preflight() == ""
    (hashed,) = release_static.glob("js/share.*.js")
    hashed.unlink()  # a manifest copied from another host without the files
    assert "1 static files of this release are not collected (e.g. js/share.js)" in preflight()


def test_preflight_refuses_a_host_whose_purges_are_refused_or_lost(settings):
    for status, message in [(405, "purgers"), (200, "")]:
        proxy = FakeHost(purge_status=status)
        settings.WAGTAILFRONTENDCACHE = {"varnish": {"LOCATION": proxy.url}}
        try:
            assert (message in preflight()) if message else preflight() == ""
            assert proxy.purged == ["/healthz"]
        finally:
            proxy.close()
    settings.WAGTAILFRONTENDCACHE = {"varnish": {"LOCATION": f"http://127.0.0.1:{free_port()}"}}
    assert "cannot be purged" in preflight()


# --------------------------------------------------------------------------- media to S3


def png(name):
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


PUBLIC_MEDIA = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                   "Resource": "arn:aws:s3:::blog-media/media/*"}],
})  # fmt: skip


@pytest.fixture
def s3_bucket():
    port = free_port()
    process = start_s3(port)
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="test-only", aws_secret_access_key="test-only",
    )  # fmt: skip
    client.create_bucket(Bucket="blog-media")
    client.put_bucket_policy(Bucket="blog-media", Policy=PUBLIC_MEDIA)  # docs/deployment.md
    try:
        yield endpoint, client
    finally:
        stop(process)


def test_copy_media_then_switch_leaves_no_media_url_in_cached_pages(
    client, page_cache, s3_bucket, tmp_path
):
    endpoint, s3 = s3_bucket
    page_cache.MEDIA_ROOT = tmp_path / "media"
    image = get_image_model().objects.create(title="表紙", file=png("表紙.png"))
    article = make_article("画像のある記事")
    article.hero_image = image
    article.save_revision().publish()
    html = get(client, article.url).content.decode()
    assert 'src="/media/images/' in html and get(client, article.url)["X-Page-Cache"] == "hit"

    page_cache.STORAGES = {
        **page_cache.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "blog-media", "endpoint_url": endpoint, "location": "media",
                "access_key": "test-only", "secret_key": "test-only", "region_name": "us-east-1",
                "querystring_auth": False, "file_overwrite": False, "default_acl": None,
            },
        },
    }  # fmt: skip
    local = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert len(local) >= 2 and local[-1].startswith("media/original_images/")  # + renditions
    out = StringIO()
    call_command("copy_media", stdout=out)
    assert f"{len(local)} files copied, 0 already there" in out.getvalue()
    call_command("copy_media", stdout=out)
    assert f"0 files copied, {len(local)} already there" in out.getvalue()  # safe to rerun
    listed = s3.list_objects_v2(Bucket="blog-media")["Contents"]
    assert sorted(item["Key"] for item in listed) == local

    call_command("invalidate_caches", stdout=StringIO())  # the release's last step
    html = get(client, article.url).content.decode()
    assert "/media/" not in html.replace(f"{endpoint}/blog-media/media/", "")
    (src,) = [part.split('"')[0] for part in html.split(f'src="{endpoint}/')[1:]]
    fetched = httpx.get(f"{endpoint}/{src}")
    assert fetched.status_code == 200
    assert fetched.content.startswith((b"\x89PNG", b"\xff\xd8\xff"))  # PNG or JPEG fallback


# --------------------------------------------------------------------------- Varnish, N hosts


def vcl_for(*backends):
    arguments = [item for backend in backends for item in ("--backend", backend)]
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "varnish-vcl"), *arguments],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out.stdout


def test_the_shipped_vcl_is_the_generator_for_one_local_host():
    shipped = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
    assert vcl_for("127.0.0.1:8000") == shipped
    two = vcl_for("10.0.0.11:8000", "10.0.0.12:8000")
    for text in ['.host = "10.0.0.11"', '.host = "10.0.0.12"', "app.add_backend(app2);",
                 '    "10.0.0.12";\n', '.url = "/healthz";']:  # fmt: skip
        assert text in two, text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_varnish_takes_a_dead_host_out_and_back_and_keeps_languages_apart(
    live_server, settings, tmp_path
):
    needs("varnishd", "apt-get install varnish")
    settings.PAGE_CACHE_SECONDS = 3600
    second_port = free_port()  # the second host is down
    vcl = tmp_path / "two.vcl"
    first = f"127.0.0.1:{live_server.url.rsplit(':', 1)[1]}"
    vcl.write_text(vcl_for(first, f"127.0.0.1:{second_port}"))
    port = free_port()
    varnish = start_varnish(vcl, port, tmp_path)
    second = None
    try:
        article = make_article("二台のうち一台が落ちた記事")
        Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=port)
        base = f"http://127.0.0.1:{port}"
        answers = [httpx.get(f"{base}/search/?q=x", timeout=10) for _ in range(10)]
        assert [a.status_code for a in answers] == [200] * 10  # retried on the live host
        assert not any(a.content == b"second host\n" for a in answers)

        english = httpx.get(base + article.url, headers={"Accept-Language": "en"}, timeout=10)
        japanese = httpx.get(base + article.url, headers={"Accept-Language": "ja"}, timeout=10)
        assert 'lang="en"' in english.text and 'lang="ja"' in japanese.text
        chosen = httpx.get(base + article.url, cookies={"django_language": "en"}, timeout=10)
        assert 'lang="en"' in chosen.text and chosen.headers["X-Cache"] == "MISS"  # passed
        for _ in range(2):
            hl = httpx.get(f"{base}{article.url}?hl=en", timeout=10)
        assert 'lang="en"' in hl.text and hl.headers["X-Cache"] == "HIT"
        again = httpx.get(base + article.url, headers={"Accept-Language": "ja"}, timeout=10)
        assert 'lang="ja"' in again.text and again.headers["X-Cache"] == "HIT"

        second = FakeHost(port=second_port)  # the host comes back
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if httpx.get(f"{base}/search/?q=x", timeout=10).content == b"second host\n":
                break
            time.sleep(0.2)
        else:
            pytest.fail("the host that came back got no request within 10 s")
    finally:
        if second is not None:
            second.close()
        stop(varnish)


# --------------------------------------------------------------------------- logs


def test_log_lines_carry_their_time_outside_journald():
    """The cron scheduler appends to var/scheduler.log: each line must say when."""
    code = (
        "import django, logging; django.setup()\n"
        "logging.getLogger('editorial.scheduler').info('Published on schedule: ArticlePage 7')"
    )
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "blogsite.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} INFO editorial\.scheduler: "
        r"Published on schedule: ArticlePage 7\n",
        out.stderr,
    ), out.stderr
