"""The demo article with every body block, in a real Chromium at phone and desktop widths:
no axe serious/critical violation, no CSP violation, nothing wider than the screen, the copy
button copies. With GUIDE_SCREENSHOTS=1 it also refreshes the editor guide's pictures
(docs/images/block-*.png)."""

import os
import shutil
from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest
from test_accessibility import AXE, SERIOUS_VIOLATIONS
from test_security_browser import Violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "/articles/wordpress-to-wagtail-migration/"
GUIDE_IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
BLOCKS = {
    "code": "figure.block-code",
    "table": "figure.block-table",
    "gallery": "figure.block-gallery",
    "balloon": "figure.balloon",
    "link-card": "div.link-card",
    "quote": "figure.block-quote",
}
TOO_WIDE = """() => [...document.querySelectorAll("main *")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter((el) => !el.closest(".block-table__scroll, .block-code__pre"))
    .map((el) => el.tagName + "." + el.className).slice(0, 5)"""


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=StringIO())
    return live_server.url


@pytest.mark.parametrize("width", [375, 1280])
def test_every_block_reads_well_at_phone_and_desktop_width(browser_page, demo, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    violations = Violations(page, demo)
    page.goto(demo + ARTICLE)
    for name, selector in BLOCKS.items():
        assert page.locator(f"article {selector}").count() >= 1, name
    assert page.evaluate(TOO_WIDE) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    assert page.evaluate(SERIOUS_VIOLATIONS) == []
    violations.assert_none(f"{ARTICLE} at {width}px")


def test_the_copy_button_copies_the_code(browser_page, demo):
    page = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo)
    page.goto(demo + ARTICLE)
    block = page.locator("figure.block-code").first
    button = block.get_by_role("button", name="コードをコピー")
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == block.locator("code").inner_text()
    assert block.get_by_role("status").inner_text() == "コピーしました"
    assert (
        page.locator("figure.block-code button").count()
        == page.locator("figure.block-code").count()
    )


def test_a_gallery_picture_opens_full_size(browser_page, demo):
    page = browser_page
    page.goto(demo + ARTICLE)
    link = page.locator("figure.block-gallery a").first
    response = page.request.get(demo + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("image/")


def test_guide_screenshots(browser_page, demo):
    """Pictures of each block as readers see it, for docs/editor-guide.md."""
    page = browser_page
    page.set_viewport_size({"width": 760, "height": 900})
    page.goto(demo + ARTICLE)
    for name, selector in BLOCKS.items():
        element = page.locator(f"article {selector}").first
        element.scroll_into_view_if_needed()
        path = Path("test-artifacts") / f"block-{name}.png"
        path.parent.mkdir(exist_ok=True)
        element.screenshot(path=str(path))
        assert path.stat().st_size > 1000
        if os.environ.get("GUIDE_SCREENSHOTS"):
            shutil.copy(path, GUIDE_IMAGES / f"block-{name}.png")


def test_the_markdown_preview_can_be_left_again(browser_page, demo):
    """Pressing プレビュー in a Markdown block used to disable the button itself (EasyMDE
    disables every toolbar button not marked noDisable), trapping the author in the preview."""
    from django.contrib.auth import get_user_model

    from test_security_browser import PASSWORD, login

    from articles.models import ArticlePage

    get_user_model().objects.create_superuser("writer", "writer@example.jp", PASSWORD)
    page = browser_page
    login(page, demo, "writer")
    article = ArticlePage.objects.get(slug=ARTICLE.strip("/").split("/")[-1])
    page.goto(f"{demo}/admin/pages/{article.pk}/edit/")
    editor = page.locator(".EasyMDEContainer").first
    editor.scroll_into_view_if_needed()
    button = editor.locator("button.md-text-button", has_text="プレビュー")
    button.click()
    assert editor.locator(".editor-preview-active").count() == 1
    assert button.is_enabled()
    button.click()
    assert editor.locator(".editor-preview-active").count() == 0
    editor.locator(".CodeMirror").click()
    page.keyboard.type("追記")
    assert "追記" in editor.locator(".CodeMirror").inner_text()
