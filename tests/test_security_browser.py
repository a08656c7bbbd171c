"""The Content-Security-Policy in a real browser (Chromium through Playwright): public pages,
with the userbar of a logged-in editor too, report no violation; the Wagtail admin works
under its own policy, page editor included, and saves and publishes an article."""

import contextlib
import json
from io import StringIO
from urllib.parse import urlparse

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Site

import pytest
from support_comments import add_comment
from support_pages import SAMPLE_BODY
from support_pages import article as make_article

from articles.models import ArticlePage
from home.models import SiteSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
LONG_ARTICLE = "wordpress-to-wagtail-migration"

# Runs in every frame before the page's own scripts (Playwright injects it, CSP does not apply).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${location.pathname}`
  );
});
"""


class Violations:
    """CSP violations seen by a page: its events (all frames) and Chromium's console lines."""

    def __init__(self, page, base_url):
        self.page = page
        self.console = []
        self.foreign = []
        host = urlparse(base_url).hostname
        page.add_init_script(RECORD_VIOLATIONS)
        page.on(
            "console",
            lambda msg: "Content Security Policy" in msg.text and self.console.append(msg.text),
        )
        page.on(
            "request",
            lambda request: (
                urlparse(request.url).hostname not in {host, None}
                and not request.url.startswith(("data:", "blob:"))
                and self.foreign.append(request.url)
            ),
        )

    def events(self):
        found = []
        for frame in self.page.frames:
            with contextlib.suppress(Exception):  # a frame that navigated away meanwhile
                found += frame.evaluate("window.__cspViolations || []")
        return found

    def assert_none(self, where):
        events = self.events()
        assert events == [] and self.console == [], f"{where}: {events} {self.console}"
        assert self.foreign == [], f"{where}: requests to other hosts {self.foreign}"


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "sponsor_position": "end",
            "sponsor_html": '<p><a href="https://ad.example/">広告</a></p>'
            '<img src="x" onerror="alert(1)"><script>alert(2)</script>',
        },
    )
    article = ArticlePage.objects.get(slug=LONG_ARTICLE)
    comment = add_comment(article, text="<script>alert('c')</script>参考になりました。")
    return live_server.url, article, comment


def login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def public_paths(article, comment):
    return [
        "/",
        article.url,
        "/articles/",
        "/search/?q=Wagtail",
        "/search/?q=%3Cscript%3Ealert(1)%3C/script%3E",
        f"/comments/reply/{comment.pk}/",
        f"/comments/sent/{article.pk}/",
        "/no-such-page/",
    ]


def test_public_pages_report_no_csp_violation(browser_page, demo_site):
    base, article, comment = demo_site
    page = browser_page
    violations = Violations(page, base)
    for path in public_paths(article, comment):
        response = page.goto(base + path)
        assert response.status in {200, 404}, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
    page.goto(base + article.url)
    # JSON-LD is data: present, and no violation for it; share.js did run (shows its button).
    data = [
        json.loads(text)
        for text in page.locator('script[type="application/ld+json"]').all_text_contents()
    ]
    assert sorted(item["@type"] for item in data) == ["BlogPosting", "BreadcrumbList"]
    assert page.locator(".share__copy").count() == 1
    assert page.evaluate("typeof window.alert") == "function"  # nothing overwrote anything
    violations.assert_none("public pages")


def test_editor_sees_the_userbar_without_violations(browser_page, demo_site):
    base, article, comment = demo_site
    get_user_model().objects.create_superuser("chief", "chief@example.jp", PASSWORD)
    page = browser_page
    violations = Violations(page, base)
    login(page, base, "chief")
    page.goto(base + article.url)
    page.wait_for_function(
        "document.querySelector('wagtail-userbar')?.shadowRoot?.querySelector('[data-wagtail-userbar]')"
    )
    trigger = page.locator("wagtail-userbar #wagtail-userbar-trigger")
    trigger.click()
    assert trigger.get_attribute("aria-expanded") == "true"
    assert page.locator("wagtail-userbar #wagtail-userbar-items a").count() >= 2
    violations.assert_none("public page with userbar")


def test_admin_editor_loads_and_saves_under_the_admin_policy(browser_page, demo_site):
    base, demo_article, comment = demo_site
    get_user_model().objects.create_superuser("chief", "chief@example.jp", PASSWORD)
    # Not the demo article: its video embed cannot be validated without the network.
    body = [*SAMPLE_BODY, ("markdown", "| 曜日 | 公開 |\n| :-- | --: |\n| 月 | 9:00 |")]
    index = demo_article.get_parent()
    article = make_article("編集する記事", slug="csp-edit", body=body, index=index)
    page = browser_page
    page.set_default_timeout(30_000)  # the admin's JavaScript is large; two shared cores
    violations = Violations(page, base)
    login(page, base, "chief")
    response = page.goto(f"{base}/admin/pages/{article.pk}/edit/")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    page.wait_for_selector("[data-contentpath=body] .CodeMirror")  # the Markdown editor is up
    page.fill("#id_title", "CSPの下で編集した記事")
    page.locator("footer button[data-w-dropdown-target='toggle']").click()
    with page.expect_navigation():
        page.locator("button[name=action-publish]").click()
    article.refresh_from_db()
    assert article.title == "CSPの下で編集した記事" and article.live
    # The preview panel (an iframe of this site) and the page listing work too.
    page.goto(f"{base}/admin/pages/{article.pk}/edit/")
    page.get_by_role("button", name="プレビュー").first.click()
    page.wait_for_selector("iframe#w-preview-iframe")
    title = page.frame_locator("iframe#w-preview-iframe").locator("h1.article__title")
    title.wait_for(state="attached")
    assert title.text_content() == "CSPの下で編集した記事"
    page.goto(f"{base}/admin/pages/{article.get_parent().pk}/")
    violations.assert_none("admin")
