"""Faults: the database goes away (for real: the test cluster is stopped and started again)
while gunicorn and the scheduler run; the 500 handler never touches the database.

SMTP down is covered where comments are posted: tests/test_comments.py
(test_smtp_down_keeps_the_text_and_logs) keeps the reader's text and logs the failure, and
notifications that fail are logged and skipped. The scheduler's own outage handling (a pass
that fails is logged and redone; SIGTERM with the database down) is in tests/test_editorial.py;
here it meets a real outage and a real recovery."""

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import quote

from django.db import OperationalError, connection
from django.utils import timezone

import pytest
import support_pages as pages
from conftest import free_port

from security.outage import server_error

ROOT = Path(__file__).resolve().parent.parent
PG_CTL = os.environ.get("WITH_POSTGRES_CTL")


def fetch(url):
    url = quote(url, safe=":/?=&")
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


# ------------------------------------------------------------------------ in-process


@pytest.mark.django_db
def test_a_database_error_in_a_view_gives_the_japanese_503_page(client):
    article = pages.article("障害中の記事", slug="outage")
    with mock.patch(
        "articles.models.ArticlePage.get_context",
        side_effect=OperationalError("connection to server failed"),
    ):
        response = client.get(article.url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "ただいま一時的にご覧いただけません" in html and "Traceback" not in html


@pytest.mark.django_db
def test_handler500_never_queries_the_database(rf, django_assert_num_queries):
    request = rf.get("/")
    with django_assert_num_queries(0):
        try:
            raise ZeroDivisionError
        except ZeroDivisionError:
            response = server_error(request)
    assert response.status_code == 500
    assert "エラーが発生しました" in response.content.decode()
    # A database error raised outside any view (a middleware, say) gets the 503 page.
    with django_assert_num_queries(0):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            response = server_error(request)
    assert response.status_code == 503


def test_handler500_is_ours():
    from django.urls import get_resolver

    assert get_resolver().resolve_error_handler(500) is server_error


# ------------------------------------------------------------------------ real outage


class Output:
    """Collects a process's output lines in a thread, so it never blocks on a full pipe."""

    def __init__(self, process):
        self.lines = []
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process):
        for line in process.stdout:
            self.lines.append(line)

    def wait_for(self, text, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return True
            time.sleep(0.2)
        return False

    def __str__(self):
        return "".join(self.lines[-40:])


def server_env():
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "blogsite.settings.test",
        "DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DB_CONN_MAX_AGE": "60",  # persistent connections, as in production
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
    }


def wait_until(predicate, timeout, step=0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(step)
    return None


def pg_ctl(*args):
    subprocess.run([PG_CTL, *args], check=True, capture_output=True, timeout=90)


@pytest.mark.skipif(not PG_CTL, reason="needs `make test` (scripts/with-postgres)")
@pytest.mark.django_db(transaction=True)
def test_database_outage_and_recovery_with_gunicorn_and_the_scheduler():
    article = pages.article("停止と復旧の記事", slug="restart")
    env = server_env()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    python = Path(sys.executable)
    web = subprocess.Popen(
        [
            str(python.parent / "gunicorn"),
            "blogsite.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    scheduler = subprocess.Popen(
        [str(python), "manage.py", "run_scheduler", "--interval", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    web_log, scheduler_log = Output(web), Output(scheduler)
    stopped = False
    try:
        assert wait_until(lambda: _status(base + article.url) == 200, 60), str(web_log)
        assert scheduler_log.wait_for("Scheduler started", 30), str(scheduler_log)

        pg_ctl("stop", "-m", "fast")
        stopped = True
        for path in [article.url, "/", "/search/?q=記事", "/articles/"]:
            status, headers, html = fetch(base + path)
            assert status == 503, (path, status, html[:500])
            assert "ただいま一時的にご覧いただけません" in html
            assert "Traceback" not in html and "OperationalError" not in html
            assert headers["Retry-After"] == "30"
        assert scheduler_log.wait_for("retrying next pass", 20), str(scheduler_log)

        pg_ctl("start")
        stopped = False
        # Back by itself: no restart of gunicorn or the scheduler.
        assert wait_until(lambda: _status(base + article.url) == 200, 30), str(web_log)
        for path in ["/", "/search/?q=記事", "/articles/"]:
            assert fetch(base + path)[0] == 200, path

        connection.close()  # this process's connection died with the server
        due = pages.article("復旧後に予約公開される記事", slug="due-after-restart", publish=False)
        due.go_live_at = timezone.now() + timedelta(seconds=3)
        due.save_revision().publish()  # scheduled: not live until the scheduler's next pass
        assert _status(base + "/articles/due-after-restart/") == 404
        assert wait_until(lambda: _status(base + "/articles/due-after-restart/") == 200, 30), str(
            scheduler_log
        )
        assert web.poll() is None and scheduler.poll() is None
        assert "Traceback" not in str(web_log)
    finally:
        if stopped:
            pg_ctl("start")
            connection.close()
        for process in (web, scheduler):
            process.terminate()
        for process in (web, scheduler):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _status(url):
    try:
        return fetch(url)[0]
    except OSError:
        return None
