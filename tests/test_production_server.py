"""Production mode for real: gunicorn with the production settings, static files collected and
served by WhiteNoise with hashed names and long cache lifetimes."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.db import connection

import pytest
import support_pages as pages
from conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path):
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blogsite.settings.production",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
    }


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


@pytest.mark.postgres  # gunicorn's workers share the database with the test
@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_pages_and_hashed_static_files(tmp_path):
    pages.article("本番モードの記事", slug="production-check")
    env = production_env(tmp_path)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
            "blogsite.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, html = fetch(base + "/articles/production-check/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert status == 200 and "本番モードの記事" in html
        css_path = html.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css_path.startswith("/static/css/site.") and css_path != "/static/css/site.css"
        status, headers, css = fetch(base + css_path)
        assert status == 200 and "--measure" in css
        assert "max-age=315360000" in headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=10)
