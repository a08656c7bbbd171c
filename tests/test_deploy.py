"""Beyond one machine: the shared Redis cache (a real redis-server on loopback) makes the
comment limits hold across gunicorn workers; S3-compatible media storage is switched on by
the environment; the proxy and systemd examples say what docs/deployment.md says; the load
test (bench/load_test.py) runs, briefly, against gunicorn."""

import os
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection

import httpx
import pytest
import support_pages as pages
from conftest import free_port
from support_comments import form_data

ROOT = Path(__file__).resolve().parent.parent
NEEDS_POSTGRES = pytest.mark.postgres  # several processes share one database


def base_env(**extra):
    """The environment of a child process: the test database on PostgreSQL; on SQLite (an
    in-memory database no other process sees) the settings' default, as `make run` has."""
    skipped = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in skipped}
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    env.update(DJANGO_SETTINGS_MODULE="blogsite.settings.test", PYTHONUNBUFFERED="1")
    return {**env, **extra}


def django_eval(code, **env):
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT,
        env=base_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


# --------------------------------------------------------------------------- Redis


def test_cache_url_selects_redis_and_processes_share_it(redis_url):
    first = django_eval(
        "from django.core.cache import cache, caches\n"
        "print(type(caches['default']).__name__)\n"
        "cache.set('deploy-test', 'ことのは', 60)",
        CACHE_URL=redis_url,
    )
    assert first == "RedisCache"
    # Another process (another gunicorn worker or host) sees the value.
    second = django_eval(
        "from django.core.cache import cache\nprint(cache.get('deploy-test'))", CACHE_URL=redis_url
    )
    assert second == "ことのは"


@NEEDS_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_comment_limit_holds_across_gunicorn_workers(smtp_server):
    """The limits are counted in the database (security/ratelimit.py), not in each worker."""
    article = pages.article("共有キャッシュの記事", slug="shared-cache")
    port = free_port()
    env = base_env(
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        COMMENTS_RATE_LIMIT="3",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_server.port),
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "blogsite.wsgi",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/", timeout=5)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        statuses = []
        for n in range(6):  # new connections: spread over the three workers
            data = form_data(article, email=f"reader{n}@example.jp", comment=f"コメント{n}です。")
            with httpx.Client(base_url=base, timeout=30) as reader:  # as form-refresh.js does
                token = reader.get(f"/comments/form-data/{article.pk}/").json()["csrf_token"]
                response = reader.post(
                    "/comments/post/", data={**data, "csrfmiddlewaretoken": token}
                )
            statuses.append(response.status_code)
        # Three got through, then every worker refuses: they count in the same database.
        assert statuses == [302, 302, 302, 429, 429, 429]
        assert len(smtp_server.wait_for(3)) == 3
    finally:
        server.terminate()
        server.wait(timeout=20)


# --------------------------------------------------------------------------- S3


def test_bucket_name_switches_media_to_s3_without_network():
    out = django_eval(
        "from django.core.files.storage import storages\n"
        "from django.conf import settings\n"
        "media = storages['default']\n"
        "print(type(media).__module__, type(media).__name__)\n"
        "print(media.url('original_images/写真.png'))\n"
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))\n"
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['media-src']))",
        AWS_STORAGE_BUCKET_NAME="blog-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.jp",
        AWS_S3_REGION_NAME="ap-northeast-1",
        AWS_ACCESS_KEY_ID="test-only",
        AWS_SECRET_ACCESS_KEY="test-only",
    )
    backend, url, img_src, media_src = out.splitlines()
    assert backend == "storages.backends.s3 S3Storage"
    assert url.startswith("https://s3.example.jp/blog-media/media/original_images/")
    assert "X-Amz-Signature" not in url  # plain URLs: pages with images stay cacheable
    assert "https://s3.example.jp" in img_src.split()
    assert "https://s3.example.jp" in media_src.split()  # video and audio files play from it


def test_without_a_bucket_media_stay_on_disk():
    out = django_eval(
        "from django.core.files.storage import storages\nprint(type(storages['default']).__name__)"
    )
    assert out == "FileSystemStorage"


# --------------------------------------------------------------------------- examples


def test_proxy_and_systemd_examples_fit_together():
    nginx = (ROOT / "deploy/proxy/nginx-blog.conf").read_text()
    upstream = nginx.split("upstream blog_app {")[1].split("}")[0]
    assert upstream.count("server ") >= 2  # several application servers
    for header in (
        "X-Forwarded-Proto $scheme",
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "Host $host",
    ):
        assert f"proxy_set_header {header}" in nginx
    node = (ROOT / "deploy/systemd/blog-web-node.service").read_text()
    assert "blogsite.wsgi" in node and "--bind ${WEB_BIND}" in node
    assert "DJANGO_SETTINGS_MODULE=blogsite.settings.production" in node
    scheduler = (ROOT / "deploy/systemd/blog-scheduler.service").read_text()
    assert "manage.py run_scheduler" in scheduler
    backup = (ROOT / "deploy/systemd/blog-backup.service").read_text()
    assert "scripts/backup" in backup
    docs = (ROOT / "docs/deployment.md").read_text()
    for name in (
        "nginx-blog.conf",
        "blog-web-node.service",
        "CACHE_URL",
        "AWS_STORAGE_BUCKET_NAME",
        "run_scheduler",
        "make backup",
        "make restore",
        "make check-deploy",
    ):
        assert name in docs, name


# --------------------------------------------------------------------------- load test


@NEEDS_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_load_test_runs_briefly_without_loss():
    """bench/load_test.py in miniature, on the test database (already migrated)."""
    call_command("load_demo", stdout=StringIO())
    result = subprocess.run(
        [
            sys.executable,
            "bench/load_test.py",
            "--no-setup",
            "--duration",
            "5",
            "--readers",
            "6",
            "--posters",
            "2",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "load_test: passed" in result.stdout
    assert "| 0 | 0 |" in result.stdout  # no 5xx, no failed request
