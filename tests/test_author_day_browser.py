"""The author's day in Chromium (issue #18), in one walk through the Japanese admin: an author
writes an article with several blocks, previews it, saves a draft and submits it for review;
an editor approves it with a go-live time; the scheduler publishes it; a reader's comment
arrives and waits for approval; the author approves it and replies under their pen name.

Every screen on the way is read as a person sees it (visible text and the tab title) and
must have no English word outside a short list of names kept in Latin letters; no page may
log a console error or throw."""

import contextlib
import re
from datetime import timedelta
from unittest import mock

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

import pytest
import support_pages as pages
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from support_admin import log_in
from support_comments import links_in

from articles.models import ArticlePage
from comments.models import BlogComment, CommentSettings
from editorial import roles
from users.models import User

PASSWORD = "pw-for-tests-12345"
# Words that stay in Latin letters in Japanese writing: product and format names, keys.
KEPT_IN_LATIN = {
    "Markdown",
    "URL",
    "YouTube",
    "Ctrl",
    "Shift",
    "Alt",
    "Esc",
    "Enter",
    "Tab",
    "Cmd",
    "Option",
    "Return",
    "Delete",
    "Backspace",
    "Space",
    "Home",
    "End",
    "Page",
    "Down",
    "Up",
    "Left",
    "Right",
    "iPhone",
    "iPad",
    "Android",
    "Web",
    # the article language choice names English in English; an address-name example
    "English",
    "sato",
    "Python",
    # on the reader's pages: share buttons and the feed are named as their services are
    "Facebook",
    "LINE",
    "RSS",
}
# Text that is content, not the interface: code, and the Markdown editor's source; and the
# closed option lists of drop-downs (the code block's languages are product names).
NOT_INTERFACE = "pre, code, .CodeMirror, .cm-editor, select"
NOT_WORDS = r"https?://\S+|\S+@\S+|[\w-]+\.[a-z]{1,4}\b"  # URLs, addresses, file names
VISIBLE_TEXT = """(selector) => {
    // innerText is what is rendered (no hidden element, no script); lines that belong to
    // content (code, drop-down lists) are taken out again.
    const content = new Set();
    document.body.querySelectorAll(selector).forEach((element) => {
        element.innerText.split('\\n').forEach((line) => content.add(line.trim()));
    });
    const lines = document.body.innerText.split('\\n');
    const shown = lines.filter((line) => !content.has(line.trim()));
    return document.title + '\\n' + shown.join('\\n');
}"""


def english_on(page):
    """Lines a person sees on the page with Latin words of three letters or more that are not
    kept in Latin letters (URLs, addresses and file names aside)."""
    text = page.evaluate(VISIBLE_TEXT, NOT_INTERFACE)
    found = []
    for line in text.splitlines():
        words = re.findall(r"[A-Za-z]{3,}", re.sub(NOT_WORDS, "", line))
        if set(words) - KEPT_IN_LATIN:
            found.append(line.strip())
    return found


class Walk:
    """The browser page, with what each screen showed in English and any console error."""

    def __init__(self, page, base_url):
        self.page, self.base_url = page, base_url
        self.english, self.errors = {}, []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def look(self, screen):
        """Wait for the screen to settle and note its English words under `screen`."""
        # Not forever: the editor keeps talking to the server (editing session, preview).
        with contextlib.suppress(PlaywrightTimeout):
            self.page.wait_for_load_state("networkidle", timeout=5_000)
        if found := english_on(self.page):
            self.english[screen] = found

    def open(self, screen, path):
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, screen
        self.look(screen)

    def submit(self, screen, button):
        """Press a button that sends a form, and look at the screen it leads to."""
        with self.page.expect_navigation():
            button.click()
        self.look(screen)

    def log_in(self, username):
        self.page.context.clear_cookies()
        log_in(self.page, self.base_url, username, PASSWORD)
        self.look(f"{username}: dashboard")


def make_user(username, group, family, given):
    user = User.objects.create_user(
        username, f"{username}@example.jp", PASSWORD, first_name=given, last_name=family
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def add_block(page, label):
    page.locator("[data-contentpath=body] .c-sf-add-button").last.click()
    page.locator("[role=option]", has_text=label).first.click()


def type_in_rich_text(page, number, text):
    """Type into the body's `number`th rich text editor (Draftail), as a person does."""
    page.locator("[data-contentpath=body] .public-DraftEditor-content").nth(number).click()
    page.keyboard.type(text)


def write_article(walk, index, title):
    page = walk.page
    walk.open("author: new article", f"/admin/pages/add/articles/articlepage/{index.pk}/")
    page.fill("#id_title", title)
    page.fill("#id_lead", "朝の散歩で考えたことを、見出しと箇条書きで整理します。")
    add_block(page, "見出し")
    page.fill("[name='body-0-value-text']", "歩きながら考える")
    add_block(page, "段落")
    type_in_rich_text(page, 0, "朝の空気は、考えごとに向いています。")
    add_block(page, "箇条書き")
    type_in_rich_text(page, 1, "川沿いの道を歩く")
    add_block(page, "引用")
    type_in_rich_text(page, 2, "歩くことは考えることだ。")
    page.fill("[name='body-3-value-source']", "ある散歩好き")
    add_block(page, "コード")
    page.fill("[name='body-4-value-code']", "echo おはよう")
    walk.look("author: article written")


def preview(walk, heading):
    page = walk.page
    page.get_by_role("button", name=re.compile("プレビュー")).first.click()
    frame = page.frame_locator("iframe[id^='w-preview-iframe']")
    frame.get_by_role("heading", name=heading).wait_for()
    walk.look("author: preview panel")
    page.keyboard.press("Escape")


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def mail_with(smtp_server, fragment, count):
    """The `count`th mail so far, once it has arrived, checked to hold `fragment`."""
    message = smtp_server.wait_for(count)[count - 1]
    assert fragment in message.get_body(("plain",)).get_content(), message["Subject"]
    return message


def schedule_and_approve(walk, article, go_live):
    """The editor sets the go-live time and approves with 「承認して公開」."""
    page = walk.page
    walk.open("editor: article in review", f"/admin/pages/{article.pk}/edit/")
    page.get_by_role("button", name="状態の表示を切り替え").click()
    page.get_by_role("button", name="公開予定を設定").first.click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.locator("#id_go_live_at").fill(local(go_live))
    dialog.get_by_role("heading", name="公開予定を設定").click()  # closes the date picker
    walk.look("editor: schedule dialog")
    with page.expect_navigation():
        dialog.get_by_role("button", name="公開予定を保存").evaluate("button => button.click()")
    walk.look("editor: schedule saved")
    page.locator("footer button[data-w-dropdown-target='toggle']").click()
    walk.submit("editor: approved", page.get_by_role("button", name="承認して公開", exact=True))


def names_in_history(walk, article):
    """Wagtail's page history names both people 姓 名 (users.User.get_full_name)."""
    walk.open("editor: page history", f"/admin/pages/{article.pk}/history/")
    history = walk.page.locator("main").inner_text()
    assert "山田 花子" in history and "鈴木 太郎" in history
    assert "花子 山田" not in history and "太郎 鈴木" not in history


def reader_comments(walk, article, smtp_server, mails_before):
    """A reader writes a comment and publishes it from the emailed link; it waits."""
    page = walk.page
    page.context.clear_cookies()
    walk.open("reader: article", article.url)
    form = page.locator("form.comment-form")
    form.get_by_label("お名前").fill("読者 一郎")
    form.get_by_label("メールアドレス").fill("ichiro@example.jp")
    form.get_by_label(re.compile(r"^コメント")).fill("川沿いの道はどこですか？歩いてみたいです。")
    walk.submit("reader: check your mail", form.get_by_role("button", name="コメントを送信"))
    message = mail_with(smtp_server, "/comments/confirm/", mails_before + 1)
    link = next(url for url in links_in(message) if "/comments/confirm/" in url)
    walk.open("reader: confirmation", link.removeprefix(walk.base_url))
    walk.submit("reader: comment held", page.get_by_role("button", name="コメントを公開する"))
    return BlogComment.objects.get(user_email="ichiro@example.jp")


def author_moderates_and_replies(walk, comment):
    page = walk.page
    walk.log_in("hanako")
    walk.open("author: comments", "/admin/comments/")
    row = page.locator("tr", has_text="川沿いの道はどこですか")
    row.get_by_role("button", name=re.compile("その他|操作")).first.click()
    row.get_by_role("link", name="承認").click()
    walk.look("author: approve confirmation")
    assert page.get_by_role("heading", level=1).inner_text().strip() == "選択したコメントを承認"
    walk.submit("author: approved", page.get_by_role("button", name="はい、実行します"))
    walk.open("author: reply", f"/admin/comment-replies/{comment.pk}/")
    page.get_by_label("あなたの返信").fill("駅の東口から川へ下りる道です。ぜひどうぞ。")
    walk.submit("author: replied", page.get_by_role("button", name="返信を公開"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_authors_day_is_japanese_from_draft_to_reply(
    live_server, browser_page, smtp_server, settings
):
    from django.core.cache import cache

    cache.clear()
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    author = make_user("hanako", roles.AUTHORS, "山田", "花子")
    make_user("taro", roles.EDITORS, "鈴木", "太郎")
    settings_row = CommentSettings.load()
    settings_row.hold_first_comments = True
    settings_row.save()
    index = pages.article_index()
    title = "朝の散歩と考えごと"
    page = browser_page
    page.set_default_timeout(30_000)  # two cores shared with other runs
    walk = Walk(page, live_server.url)

    # 1. The author writes, previews, saves a draft and submits it for review.
    walk.log_in("hanako")
    write_article(walk, index, title)
    preview(walk, "歩きながら考える")
    walk.submit("author: draft saved", page.get_by_role("button", name="下書きを保存"))
    article = ArticlePage.objects.get(title=title)
    assert [block.block_type for block in article.get_latest_revision_as_object().body] == [
        "heading",
        "paragraph",
        "bullet_list",
        "quote",
        "code",
    ]
    page.locator("footer button[data-w-dropdown-target='toggle']").click()
    walk.submit("author: submitted", page.get_by_role("button", name=re.compile("レビューに提出")))
    assert article.current_workflow_state.status == "in_progress"
    submitted = mail_with(smtp_server, title, 1)  # the editors hear of it, greeted 姓 名
    assert submitted.get_body(("plain",)).get_content().startswith("鈴木 太郎 様")
    profile = author.author_profile.pk
    walk.open("author: own profile", f"/admin/snippets/articles/author/edit/{profile}/")

    # 2. The editor sets a go-live time and approves; the scheduler publishes it then.
    walk.log_in("taro")
    go_live = (timezone.now() + timedelta(minutes=2)).replace(second=0, microsecond=0)
    schedule_and_approve(walk, article, go_live)
    article.refresh_from_db()
    assert not article.live and article.get_latest_revision().approved_go_live_at == go_live
    names_in_history(walk, article)
    with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(seconds=5)):
        call_command("run_scheduler", "--once")
    article.refresh_from_db()
    assert article.live
    mails = len(smtp_server.messages)

    # 3. A reader comments; the comment waits for approval; the author hears of it.
    comment = reader_comments(walk, article, smtp_server, mails)
    assert not comment.is_public
    mail_with(smtp_server, "川沿いの道はどこですか", mails + 2)

    # 4. The author approves it and replies from the admin, under their pen name.
    author_moderates_and_replies(walk, comment)
    comment.refresh_from_db()
    reply = BlogComment.objects.get(parent_id=comment.pk, level=1)
    assert comment.is_public and reply.user_name == "山田 花子"
    page.context.clear_cookies()
    cache.clear()
    walk.open("reader: article with the reply", article.url)
    assert "駅の東口から川へ下りる道です" in page.locator(f"#c{reply.pk}").inner_text()

    english = [f"{screen}: {line}" for screen, lines in walk.english.items() for line in lines]
    if english:
        pytest.fail("English on the way:\n" + "\n".join(english))
    assert walk.errors == [], walk.errors
