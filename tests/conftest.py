"""Fixtures shared by every app's tests: a real SMTP server, a dead SMTP port, and a page in
Debian's Chromium driven by Playwright. Run the suite with `make test` (PostgreSQL) or plain
`pytest` (SQLite in memory).

    smtp_server   -> SmtpServer: .messages, .envelopes, .port, .wait_for(count, timeout=10)
    smtp_down     -> int: the port Django now sends mail to, where nothing listens
    browser_page  -> playwright.sync_api.Page (ja-JP, 1280x900); mark tests @pytest.mark.browser
    screenshot    -> callable(page, name) -> Path of a PNG saved under test-artifacts/
    index         -> ArticleIndexPage 記事一覧 (published under the home page)

A failing test that used `browser_page` also leaves test-artifacts/<test name>-failed.png.
"""

import email
import email.policy
import logging
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

# One helper for the tests and the bench scripts (the test modules import it from here).
from bench.ports import free_port
from bench.servers import start_redis, stop

# Playwright's sync API keeps an asyncio event loop in the test thread, and Django refuses ORM
# calls from a thread with a running loop (SynchronousOnlyOperation). Once a browser test has
# run, the loop lives for the session, so this has to hold for every test, not just those.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# aiosmtpd logs every SMTP command at INFO; it would drown the output of a failing test.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test's rows are rolled back and their ids come back in the next test: what the
    caches keep by id (Wagtail's renditions, made when an article's body is rendered at save
    time) must go with them."""
    yield
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


ARTIFACTS_DIR = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
    "--disable-background-networking",  # no network but 127.0.0.1 here: no pings, updates
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _point_django_mail_at(settings, port):
    """Send Django's mail over plain SMTP, without auth, to 127.0.0.1:port."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


# --------------------------------------------------------------------------- mail


class _Policy(email.policy.EmailPolicy):
    """email.policy.default, except that a header folded right after its colon, as Django
    writes long Japanese subjects ("Subject: \n =?utf-8?b?...?="), parses without a leading
    space, as mail clients show it."""

    def header_source_parse(self, sourcelines):
        name, value = super().header_source_parse(sourcelines)
        return name, value.lstrip(" \t\r\n")


_POLICY = _Policy()  # same settings as email.policy.default


class SmtpServer:
    """An aiosmtpd handler that keeps every message it receives, parsed."""

    def __init__(self):
        self.port = None
        self.messages = []  # email.message.EmailMessage, in arrival order
        self.envelopes = []  # (mail_from, [rcpt_to, ...]): shows Bcc recipients too
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        """Parse and store one message (aiosmtpd calls this on DATA)."""
        message = email.message_from_bytes(envelope.original_content, policy=_POLICY)
        with self._arrived:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count, timeout=10):
        """Wait until at least `count` messages arrived and return them; fail after timeout."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                pytest.fail(f"expected {count} mail(s) within {timeout}s, got {len(self.messages)}")
            return list(self.messages)


@pytest.fixture
def smtp_server(settings, django_mail_patch_dns):
    """A real SMTP server on 127.0.0.1 that Django's mail is sent to; yields an SmtpServer."""
    # django_mail_patch_dns: Django's EHLO name would otherwise come from socket.getfqdn(),
    # which can stall for seconds on a machine without DNS.
    from aiosmtpd.controller import Controller

    handler = SmtpServer()
    for attempt in range(5):  # the free port can be taken by a parallel run: try another
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=True)
        try:
            controller.start()
            break
        except Exception:
            if attempt == 4:
                raise
    handler.port = port
    _point_django_mail_at(settings, port)
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def smtp_down(settings):
    """Point Django's mail at a 127.0.0.1 port where nothing listens; return that port."""
    port = free_port()
    _point_django_mail_at(settings, port)
    settings.EMAIL_TIMEOUT = 2
    return port


# --------------------------------------------------------------------------- browser


@pytest.fixture
def offline_imports(settings, tmp_path, monkeypatch):
    """For the importers: uploaded images go to a temporary folder; embeds never reach the
    network."""
    from wagtail.embeds.exceptions import EmbedNotFoundException

    settings.MEDIA_ROOT = tmp_path / "media"

    def no_embed(*args, **kwargs):
        raise EmbedNotFoundException

    monkeypatch.setattr("wagtail.embeds.embeds.get_embed", no_embed)


@pytest.fixture
def index():
    """The 記事一覧 page the importers put articles under (a test module needing another
    index defines its own `index`)."""
    import support_pages

    return support_pages.article_index()


def _chromium_path():
    """Debian's Chromium (no Playwright-downloaded browser: only package registries reach us)."""
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


@pytest.fixture(scope="session")
def _chromium():
    """One headless Chromium for the whole session (each test gets its own context)."""
    path = _chromium_path()
    if path is None:
        reason = "Chromium is not installed (apt-get install chromium; .ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _safe_name(name):
    """Turn a test id or label into a file name."""
    return re.sub(r"[^\w.-]+", "_", name).strip("_")[:150] or "page"


def save_screenshot(page, name):
    """Save a full-page PNG of `page` as test-artifacts/<name>.png and return its path."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    path = ARTIFACTS_DIR / f"{_safe_name(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot():
    """Return save_screenshot(page, name) -> Path, which writes test-artifacts/<name>.png."""
    return save_screenshot


@pytest.fixture
def browser_page(_chromium, request):
    """A fresh Playwright page (own cookies) in headless Chromium, ja-JP, 1280x900."""
    context = _chromium.new_context(
        locale="ja-JP",
        timezone_id="Asia/Tokyo",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)  # fail a stuck test in seconds, not Playwright's 30
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "_report_call", None)
        if report is not None and report.failed and not page.is_closed():
            try:
                saved = save_screenshot(page, f"{request.node.name}-failed")
                print(f"screenshot of the failed page: {saved}")
            except (PlaywrightError, OSError) as exc:  # a crashed page must not hide the failure
                print(f"could not save a screenshot: {exc}")
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep the call-phase report on the item so browser_page can see if the test failed."""
    report = yield
    if report.when == "call":
        item._report_call = report
    return report


# --------------------------------------------------------------------------- database


def _skip_postgres_tests_on_sqlite(items):
    """`make test` runs the suite twice, on PostgreSQL (DATABASE_URL set by
    scripts/with-postgres) and on SQLite; tests marked `postgres` are skipped on SQLite."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: runs in `make test-postgres`")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


def pytest_collection_modifyitems(items):
    """Transactional tests end by flushing every table, which also removes the rows our data
    migrations create (Wagtail's root page, the home page, groups, workflows). Restore them
    at the start of each transactional test, as Django's serialized_rollback does."""
    _skip_postgres_tests_on_sqlite(items)
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


@pytest.fixture(scope="session")
def _browser_started_before_database(request):
    """Start Chromium first when the session has browser tests. Playwright's sync API keeps
    an event loop running in this thread, and Django keeps one database connection per thread
    when no loop runs but one per context when a loop runs: a test database set up before the
    loop started would be invisible to the tests after it (serialized_rollback included)."""
    if any("browser_page" in getattr(item, "fixturenames", ()) for item in request.session.items):
        request.getfixturevalue("_chromium")


@pytest.fixture(scope="session")
def django_db_setup(_browser_started_before_database, django_db_setup):
    """pytest-django's test database, created after the browser (see above)."""
    return django_db_setup


def needs(program, install):
    """Skip without the program, except in CI, where .ci/run installs it: there it must run."""
    if shutil.which(program) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{program} is not installed (.ci/run installs it)")
        pytest.skip(f"{program} is not installed ({install})")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A real redis-server on 127.0.0.1 for the tests of one module."""
    needs("redis-server", "apt-get install redis-server")
    port = free_port()
    process = start_redis(port, tmp_path_factory.mktemp("redis"))
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)
