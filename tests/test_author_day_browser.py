"""The author's day in Chromium (issue #18): every admin screen an author opens reads in
Japanese, and none logs a console error."""

import re

from django.contrib.auth.models import Group, User

import pytest
import support_pages as pages
from support_admin import log_in

from comments import posting
from editorial import roles

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
}


def english_on(page):
    text = page.locator("body").inner_text()
    text = re.sub(r"https?://\S+|\S+@\S+", "", text)
    return sorted({w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in KEPT_IN_LATIN})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_authors_screens_are_japanese_without_console_errors(live_server, browser_page):
    author = User.objects.create_user(
        "hanako", "hanako@example.jp", PASSWORD, first_name="花子", last_name="山田"
    )
    author.groups.add(Group.objects.get(name=roles.AUTHORS))
    index = pages.article_index()
    article = pages.article("山の記事", slug="yama", author=author.author_profile, index=index)
    question = posting.create_comment(
        article,
        name="読者 一号",
        email="reader@example.jp",
        url="",
        text="質問があります。",
        followup=False,
        parent_id=0,
        ip="127.0.0.9",
    )[0]
    page = browser_page
    page.set_default_timeout(30_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server.url, "hanako", PASSWORD)
    screens = {
        "dashboard": "/admin/",
        "new article": f"/admin/pages/add/articles/articlepage/{index.pk}/",
        "edit article": f"/admin/pages/{article.pk}/edit/",
        "comments": "/admin/comments/",
        "reply": f"/admin/comment-replies/{question.pk}/",
        "own profile": f"/admin/snippets/articles/author/edit/{author.author_profile.pk}/",
    }
    english = {}
    for name, path in screens.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, name
        page.wait_for_load_state("networkidle")
        if found := english_on(page):
            english[name] = found
    assert english == {}
    assert errors == []
    assert "山田 花子" in page.content()
