"""A reader comments in a real browser: posts in Japanese, follows the emailed link, sees the
comment, replies in the thread and sees the reply nested. No JavaScript is involved."""

import re

import pytest
from playwright.sync_api import expect
from support_comments import links_in, make_article

from comments.models import BlogComment


def confirmation_link(message):
    return next(url for url in links_in(message) if "/comments/confirm/" in url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_comments_confirms_and_replies(
    browser_page, live_server, smtp_server, settings, screenshot
):
    from django.core.cache import cache

    cache.clear()
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # links in the mails point here
    article = make_article("縦書きと横書き")
    page = browser_page

    # 1. A reader writes a comment under the article.
    page.goto(f"{live_server.url}{article.url}")
    form = page.locator("form.comment-form")
    form.get_by_label("お名前").fill("読者 花子")
    form.get_by_label("メールアドレス").fill("hanako@example.jp")
    form.get_by_label(re.compile(r"^コメント")).fill(
        "縦書きのルビについて、とても参考になりました。"
    )
    form.get_by_label("フォローアップコメントをメールで通知する").check()
    form.get_by_role("button", name="コメントを送信").click()
    page.get_by_role("heading", name="メールをご確認ください").wait_for()
    assert "まだ公開されていません" in page.content()

    # 2. The confirmation link from the email shows it with a button that publishes it.
    (message,) = smtp_server.wait_for(1)
    link = confirmation_link(message)
    assert link.startswith(live_server.url)
    page.goto(link)
    assert not BlogComment.objects.exists()  # opening the link alone publishes nothing
    screenshot(page, "comments-confirm")
    page.get_by_role("button", name="コメントを公開する").click()
    page.wait_for_url(re.compile(r"#c\d+$"))
    comment = BlogComment.objects.get()
    assert page.url.endswith(f"{article.url}?published={comment.pk}#c{comment.pk}")
    first = page.locator(f"#c{comment.pk}")
    notice = first.get_by_role("status")
    assert notice.inner_text() == "コメントを公開しました。"
    expect(notice).to_be_focused()  # published.js, under the strict CSP
    assert notice.is_visible()
    assert "縦書きのルビについて、とても参考になりました。" in first.inner_text()
    assert re.search(r"コメント\s*1\s*件", page.locator("#comments-heading").inner_text())

    # 3. Another reader replies to it through the 「返信」 link.
    first.get_by_role("link", name="読者 花子 さんに返信").click()
    page.get_by_role("heading", name="読者 花子 さんに返信").wait_for()
    form = page.locator("form.comment-form")
    form.get_by_label("お名前").fill("読者 次郎")
    form.get_by_label("メールアドレス").fill("jiro@example.jp")
    form.get_by_label(re.compile(r"^コメント")).fill(
        "花子さん、ルビの話をもう少し聞かせてください。"
    )
    form.get_by_role("button", name="コメントを送信").click()
    page.get_by_role("heading", name="メールをご確認ください").wait_for()

    page.goto(confirmation_link(smtp_server.wait_for(2)[1]))
    page.get_by_role("button", name="コメントを公開する").click()
    page.wait_for_url(re.compile(r"#c\d+$"))
    reply = BlogComment.objects.get(user_email="jiro@example.jp")
    nested = page.locator(f"#c{comment.pk} > ol.comment-list--replies > #c{reply.pk}")
    assert "ルビの話をもう少し" in nested.inner_text()
    assert re.search(r"コメント\s*2\s*件", page.locator("#comments-heading").inner_text())
    screenshot(page, "comments-thread")

    # 4. The first reader, who asked for follow-ups, hears about the reply.
    followup = smtp_server.wait_for(3)[2]
    assert followup["To"] == "hanako@example.jp"
    assert any("/comments/mute/" in url for url in links_in(followup))
