"""Link cards (ブログカード): the other site's title, description and picture are fetched once,
when the article is saved, from a real HTTP server on 127.0.0.1 (allowed only in these tests
by LINK_CARD_ALLOW_PRIVATE_ADDRESSES); whatever happens there, saving never fails."""

import contextlib
import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.cache import cache

from wagtail.images.models import Image

import pytest
from PIL import Image as PILImage

from articles import linkpreview
from articles.blocks import ArticleBodyBlock

CARD = ArticleBodyBlock().child_blocks["link_card"]

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>予備の題名</title>
<meta property="og:title" content="外部の記事の題名">
<meta name="description" content="記事の説明文です。">
<meta property="og:image" content="/picture.png"></head><body>本文</body></html>"""


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#884422").save(buffer, format="PNG")
    return buffer.getvalue()


ROUTES = {
    "/article": (200, "text/html; charset=utf-8", PAGE.encode()),
    "/plain-title": (200, "text/html", "<title> ただの\n題名 </title>".encode()),
    "/picture.png": (200, "image/png", png()),
    "/missing": (404, "text/html", b"not here"),
    "/data.json": (200, "application/json", b"{}"),
    "/huge": (200, "text/html", b"<title>x</title>" + b" " * (linkpreview.PAGE_LIMIT + 10)),
}


class Handler(BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):
        Handler.hits.append(self.path)
        if self.path.startswith("/redirect-to/"):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/redirect-to/"))
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(2)
        status, content_type, body = ROUTES.get(self.path, (200, "text/html", b"<title>t</title>"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may stop reading at its size limit or timeout, as it should.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(settings):
    settings.LINK_CARD_ALLOW_PRIVATE_ADDRESSES = True
    cache.clear()
    Handler.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def saved(url, **fields):
    value = CARD.to_python({"page": None, "url": url, "title": "", "description": "", **fields})
    return CARD.clean(value)


def rendered(value):
    return CARD.render(value)


@pytest.mark.django_db
def test_title_description_and_picture_are_fetched_once_at_save_time(site):
    value = saved(site + "/article")
    assert value["title"] == "外部の記事の題名" and value["description"] == "記事の説明文です。"
    assert Image.objects.get(pk=value["image"].pk).width == 64  # stored here, served from here
    assert Handler.hits == ["/article", "/picture.png"]
    html = rendered(value)
    assert f'href="{site}/article"' in html and "外部の記事の題名" in html and "127.0.0.1" in html
    assert 'class="link-card__image"' in html and 'alt=""' in html

    # Stored in the value: saving again (the title is set) and showing it fetch nothing.
    stored = CARD.get_prep_value(value)
    CARD.clean(CARD.to_python(stored))
    rendered(CARD.to_python(stored))
    assert Handler.hits == ["/article", "/picture.png"]


@pytest.mark.django_db
def test_the_title_tag_is_used_without_open_graph(site):
    assert saved(site + "/plain-title")["title"] == "ただの 題名"


@pytest.mark.django_db
def test_an_author_s_own_title_is_kept_and_nothing_is_fetched(site):
    value = saved(site + "/article", title="自分で付けた題名")
    assert value["title"] == "自分で付けた題名" and Handler.hits == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/missing", "/data.json", "/huge", "/redirect-to/file:///etc/passwd"]
)
def test_nothing_usable_gives_a_plain_link_and_saving_still_works(site, path):
    value = saved(site + path)
    assert value["title"] == "" and value["image"] is None
    html = rendered(value)
    assert f'<p class="link-card link-card--plain"><a href="{site}{path}">' in html


@pytest.mark.django_db
def test_redirects_are_followed_and_checked_again(site):
    value = saved(f"{site}/redirect-to/{site}/article")
    assert value["title"] == "外部の記事の題名"


@pytest.mark.django_db
def test_a_slow_site_does_not_hold_the_save_long(site, monkeypatch):
    monkeypatch.setattr(linkpreview, "TIMEOUT", 0.5)
    started = time.monotonic()
    assert saved(site + "/slow")["title"] == ""
    assert time.monotonic() - started < 1.5


@pytest.mark.django_db
def test_an_unreachable_site_gives_a_plain_link(settings):
    settings.LINK_CARD_ALLOW_PRIVATE_ADDRESSES = True
    cache.clear()
    assert saved("http://127.0.0.1:9/nothing-listens")["title"] == ""


@pytest.mark.django_db
def test_private_and_loopback_addresses_are_refused_outside_tests(site, settings):
    settings.LINK_CARD_ALLOW_PRIVATE_ADDRESSES = False
    assert saved(site + "/article")["title"] == ""
    assert Handler.hits == []  # not even connected


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "localhost"]
)
def test_address_check_refuses_private_hosts(host, settings):
    settings.LINK_CARD_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(linkpreview.Refused):
        linkpreview.allowed_address(host, 80)


@pytest.mark.parametrize("url", ["ftp://example.com/", "file:///etc/passwd", "javascript:x", "//x"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(linkpreview.Refused):
        linkpreview.open_url(url)


def test_a_card_needs_a_page_or_an_address():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        CARD.clean(CARD.to_python({"page": None, "url": "", "title": "", "description": ""}))
