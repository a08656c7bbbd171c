"""Security settings and what they produce: `check --deploy` without a warning, the headers
of public and admin pages, sanitised Markdown, rich text and sponsor HTML, JSON-LD that cannot
break out of its element, and uploads refused with a clear message."""

import io
import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from wagtail.documents.models import Document
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Site

import pytest
import support_pages as pages
from PIL import Image

from home.models import SiteSettings, sanitise_sponsor_html

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_MARKDOWN = """## 見出し

<script>alert("md")</script>
<img src="x" onerror="alert(1)">
<a href="javascript:alert(2)">リンク</a>
[クリック](javascript:alert(3))
<div onclick="alert(4)" style="background:url(javascript:alert(5))">枠</div>
<iframe src="https://evil.example/"></iframe>
<svg onload="alert(6)"></svg>

| 左 | 右 |
| :-- | --: |
| a | b |
"""


def clean_environ():
    """The environment of a real deployment: conftest's test-only switch removed."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def production_check(*extra):
    env = {
        **clean_environ(),
        "DJANGO_SETTINGS_MODULE": "blogsite.settings.production",
        "SECRET_KEY": "deploy-check-" + "k3y" * 20,
        "ALLOWED_HOSTS": "blog.example.jp",
        "BASE_URL": "https://blog.example.jp",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING", *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_a_warning():
    result = production_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_security_settings():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_REFERRER_POLICY, s.X_FRAME_OPTIONS)"
    )
    env = {
        **clean_environ(),
        "DJANGO_SETTINGS_MODULE": "blogsite.settings.production",
        "SECRET_KEY": "x" * 60,
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["True"] * 6 + ["strict-origin-when-cross-origin", "DENY"]


# --------------------------------------------------------------------------- headers


@pytest.mark.django_db
def test_public_pages_have_a_strict_policy(client):
    article = pages.article("方針の記事", slug="policy")
    for path in ["/", article.url, "/search/?q=a", "/no-such-page/"]:
        policy = client.get(path)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"  # no nonce unless a template uses one
        assert "unsafe-inline" not in directives["script-src"]
        assert "unsafe-eval" not in policy
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"


@pytest.mark.django_db
def test_admin_has_its_own_policy(client):
    user = get_user_model().objects.create_superuser("root", "root@example.jp", "x" * 16)
    client.force_login(user)
    policy = client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "unsafe-eval" not in policy and "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy
    assert client.get("/admin/login/")["Content-Security-Policy"] == policy


@pytest.mark.django_db
def test_public_templates_contain_no_inline_script(client):
    """Every <script> in a public page is either a file of this site or JSON-LD data."""
    import re

    article = pages.article("スクリプトのない記事", slug="no-inline")
    for path in ["/", article.url, "/articles/", "/search/?q=a", "/no-such-page/"]:
        html = client.get(path).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert 'src="/static/' in tag or 'type="application/ld+json"' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+\s*=", html), path
        assert "javascript:" not in html, path


def test_no_template_or_script_loads_from_another_host():
    """No CDN: no template links a script, stylesheet or font on another host."""
    import re

    roots = [ROOT / "templates", *ROOT.glob("*/templates"), ROOT / "static", *ROOT.glob("*/static")]
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix not in {".html", ".js", ".css"} or "email" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            found = re.findall(r'(?:src|href)="(?:https?:)?//[^"]+\.(?:js|css|woff2?)', text)
            found += re.findall(r"@import\s+url\(['\"]?(?:https?:)?//", text)
            assert found == [], path


# --------------------------------------------------------------------------- sanitising


@pytest.mark.django_db
def test_markdown_block_is_sanitised(client):
    article = pages.article("Markdownの記事", slug="md", body=[("markdown", HOSTILE_MARKDOWN)])
    html = client.get(article.url).content.decode()
    body = html.split('class="block-markdown"')[1].split("</table>")[0]
    assert "<script" not in body and "<iframe" not in body and "<svg" not in body
    assert "onerror" not in body and "onclick" not in body and "onload" not in body
    assert 'href="javascript:' not in body  # markdown-it leaves such a link as inert text
    assert "<table>" in body and "リンク" in body and "枠" in body


@pytest.mark.django_db
def test_rich_text_from_the_editor_is_reduced_to_its_features(client):
    """Draftail's converter keeps only the features the body allows; stored rich text that
    somehow held a script (an import gone wrong) is still not trusted by the importer."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features=["bold", "italic", "link"])
    hostile = (
        '<p>本文<script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">リンク</a>'
        '<b onmouseover="alert(3)">太字</b></p>'
    )
    stored = converter.to_database_format(converter.from_database_format(hostile))
    assert "<script" not in stored and "onclick" not in stored and "onmouseover" not in stored
    assert "javascript:" not in stored
    article = pages.article("本文の記事", slug="rich", body=[("paragraph", stored)])
    body = client.get(article.url).content.decode().split("article__body")[1].split("</article")[0]
    assert "<script>alert" not in body and "javascript:" not in body  # its text stays, inert


def test_sponsor_html_keeps_only_safe_markup():
    cleaned = sanitise_sponsor_html(
        '<a href="javascript:alert(1)" onclick="x()">a</a><a href="https://ad.example/">広告</a>'
        '<img src="https://ad.example/i.png" onerror="alert(2)"><script>alert(3)</script>'
        '<style>body{display:none}</style><iframe src="https://ad.example/"></iframe>'
        '<p style="position:fixed">固定</p><form action="https://evil.example/"><input></form>'
    )
    for bad in (
        "javascript:",
        "onclick",
        "onerror",
        "<script",
        "<style",
        "<iframe",
        "style=",
        "<form",
        "<input",
    ):
        assert bad not in cleaned
    assert 'href="https://ad.example/"' in cleaned and 'rel="sponsored noopener"' in cleaned


@pytest.mark.django_db
def test_sponsor_slot_is_sanitised_even_if_stored_unsanitised(client):
    article = pages.article("広告のある記事", slug="ad")
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.update_or_create(site=site, defaults={"sponsor_position": "end"})
    # Written around the model's own cleaning, as a raw database edit would be.
    raw = '<a href="https://ad.example/" onmouseover="alert(1)">広告</a><script>x</script>'
    SiteSettings.objects.filter(site=site).update(sponsor_html=raw)
    html = client.get(article.url).content.decode()
    slot = html.split('class="sponsor"')[1].split("</aside>")[0]
    assert "広告" in slot and "onmouseover" not in slot and "<script" not in slot


@pytest.mark.django_db
def test_json_ld_cannot_be_closed_by_a_title(client):
    article = pages.article('</script><script>alert("ld")</script>', slug="ld")
    html = client.get(article.url).content.decode()
    ld = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "\\u003C/script\\u003E" in ld
    assert '<script>alert("ld")' not in html


# --------------------------------------------------------------------------- uploads


def png_bytes(size=(20, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("uploader", "u@example.jp", "x" * 16)
    client.force_login(user)
    return client


def upload(client, url, name, content, **fields):
    return client.post(
        url,
        {"title": name, "file": SimpleUploadedFile(name, content), **fields},
        HTTP_ACCEPT_LANGUAGE="ja",
    )


@pytest.mark.django_db
def test_oversized_image_is_refused_with_a_clear_message(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 50 * 1024
    big = png_bytes() + b"\0" * (60 * 1024)  # a valid PNG with padding after its end
    response = upload(admin_client, "/admin/images/add/", "big.png", big)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ファイルサイズが大きすぎます" in html or "大きすぎ" in html, html[:3000]
    assert not WagtailImage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.svg", b'<svg onload="alert(1)"></svg>'),
        ("photo.exe", b"MZ\x90\x00"),
        ("photo.png", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_wrong_image_type_is_refused_with_a_clear_message(admin_client, name, content):
    response = upload(admin_client, "/admin/images/add/", name, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-message" in html or "エラー" in html
    assert not WagtailImage.objects.exists()


@pytest.mark.django_db
def test_a_good_image_is_accepted(admin_client):
    response = upload(admin_client, "/admin/images/add/", "ok.png", png_bytes())
    assert response.status_code == 302
    assert WagtailImage.objects.count() == 1


@pytest.mark.django_db
def test_documents_are_limited_by_type_and_size(admin_client, settings):
    response = upload(admin_client, "/admin/documents/add/", "run.html", b"<script>x</script>")
    assert response.status_code == 200 and "html" in response.content.decode()
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    with override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024):
        response = upload(admin_client, "/admin/documents/add/", "big.pdf", b"%PDF" + b"0" * 4096)
    assert response.status_code == 200
    assert "大きすぎ" in response.content.decode() or "too large" in response.content.decode()
    assert not Document.objects.exists()
    assert upload(admin_client, "/admin/documents/add/", "ok.pdf", b"%PDF-1.4").status_code == 302


@pytest.mark.django_db
def test_pages_served_from_the_page_cache_keep_their_policy(client, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    article = pages.article("キャッシュされる記事", slug="cached-policy")
    first, second = client.get(article.url), client.get(article.url)
    assert first.status_code == second.status_code == 200
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "script-src 'self'" in second["Content-Security-Policy"]
