"""文字数, reading time and 文章校正 live in the page editor (issue #18): the numbers the
editor's script shows in Chromium are those of the server's rule (articles/outline.py, the
public reading time), they follow the author's typing, and proofreading findings appear."""

import re

from django.contrib.auth import get_user_model

import pytest
import support_pages as pages
from support_admin import log_in

from articles.outline import body_text, reading_minutes

PASSWORD = "pw-for-tests-12345"
LONG = "長い記事を気持ちよく読むための工夫について、順に書いていきます。" * 40  # 1,280 chars


def character_count(text):
    """文字数 as Japanese bloggers count it: every character but white space."""
    return len(re.sub(r"\s", "", text))


def shown(page):
    status = page.locator(".editorial-body-count")
    status.wait_for()
    page.wait_for_timeout(400)  # the script waits 200 ms after the last change
    return (
        int(status.get_attribute("data-characters")),
        int(status.get_attribute("data-minutes")),
        status.inner_text(),
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_editor_shows_the_servers_character_count_and_reading_time(live_server, browser_page):
    article = pages.article(
        "数える記事",
        slug="count-me",
        body=[
            ("heading", {"text": "はじめに", "level": "h2"}),
            ("paragraph", f"<p>{LONG}</p><p>English words count as words too.</p>"),
            ("paragraph", "<p>朝早く起きれる日もあります。</p>"),
            ("bullet_list", {"ordered": True, "items": ["<p>一つ目</p>", "<p>二つ目</p>"]}),
            ("quote", {"text": "書くことは考えること。", "source": "ある編集者"}),
            ("callout", {"kind": "tip", "title": "ヒント", "text": "<p>こまめに保存。</p>"}),
            ("markdown", "| 曜日 | 公開 |\n| --- | --- |\n| 月 | 9:00 |"),
        ],
    )
    text = body_text(article.body)
    get_user_model().objects.create_superuser("boss", "boss@example.jp", PASSWORD)
    page = browser_page
    page.set_default_timeout(30_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server.url, "boss", PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")

    characters, minutes, label = shown(page)
    assert (characters, minutes) == (character_count(text), reading_minutes(text))
    assert minutes == 3
    assert label == f"本文 {characters:,} 字・読了の目安 約 {minutes} 分"

    # Typing in the paragraph updates the count at once.
    page.locator("[data-contentpath=body] .public-DraftEditor-content").first.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("追記です")
    assert shown(page)[0] == characters + 4

    # 文章校正 lists the ら抜き word beside the body, as advice.
    finding = page.locator(".editorial-proofreading li[data-rule=ra-nuki]")
    finding.wait_for()
    assert "「起きれる」は「ら」抜き言葉です" in finding.inner_text()
    assert "保存や公開には影響しません" in page.locator(".editorial-proofreading p").inner_text()
    assert errors == []
