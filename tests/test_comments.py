"""Reader comments, end to end through the real SMTP server: post, confirm by email, threads,
follow-up notifications and their mute link, logged-in users, closing comments, counts.
Security and abuse cases are in test_comments_security.py, the admin in
test_comments_admin.py, the browser run in test_comments_browser.py."""

import logging
import re
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from support_comments import (
    add_comment,
    form_data,
    links_in,
    make_article,
    path_of,
    show_levels,
)

from comments.models import BlogComment, CommentSettings, PendingComment

BASE_URL = "https://blog.example.jp"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    from django.core.cache import cache

    cache.clear()  # rate-limit counters
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    settings.LANGUAGE_CODE = "ja"


@pytest.fixture
def article():
    return make_article()


def shows_count(html, count):
    """「コメント 3件」 (the exact spacing belongs to the translators)."""
    return re.search(rf"コメント\s*{count}\s*件", html) is not None


def post(client, article, **fields):
    return client.post(reverse("comments-post-comment"), form_data(article, **fields))


def confirm_link(message):
    (link,) = [url for url in links_in(message) if "/comments/confirm/" in url]
    return link


# --------------------------------------------------------------------------- the form


def test_article_shows_the_form_in_japanese(client, article):
    html = client.get(article.url).content.decode()
    for text in [
        "コメントを書く",
        "お名前",
        "メールアドレスが公開されることはありません",
        "ウェブサイト",
        "フォローアップコメントをメールで通知する",
        "* の付いた項目は必須です。",
        "コメントを送信",
        "まだコメントはありません",
    ]:
        assert text in html, text
    # Required fields are marked; the optional website is not.
    assert html.count('class="comment-form__required"') == 3
    for english in ["Notify me", "Post comment", "Your comment", "Mail", "Required for"]:
        assert english not in html, english
    # No CSRF token for readers: the form must keep working on a cached page.
    assert "csrfmiddlewaretoken" not in html


# --------------------------------------------------------------------------- confirmation


def test_post_confirm_by_email_then_visible(client, article, smtp_server):
    response = post(client, article, comment="縦書きのルビは難しいですね。")
    assert response.status_code == 302
    assert response.url == reverse("comments-xtd-sent", args=[article.pk])

    page = client.get(response.url).content.decode()
    assert "メールをご確認ください" in page
    assert "まだ公開されていません" in page
    assert not BlogComment.objects.exists()
    assert "縦書きのルビ" not in client.get(article.url).content.decode()

    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "reader@example.jp"
    assert message["Subject"] == "「縦書きと横書き」へのコメントの確認"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "読者 太郎 様" in text and "縦書きのルビは難しいですね。" in text
    assert "リンクの有効期限は3日間です" in text
    link = confirm_link(message)
    assert link.startswith(f"{BASE_URL}/comments/confirm/")
    assert f'href="{link}"' in html
    assert "http://example.com" not in text + html

    opened = client.get(path_of(link)).content.decode()  # what a mail scanner does, too
    assert "縦書きのルビは難しいですね。" in opened and "コメントを公開する" in opened
    assert not BlogComment.objects.exists()
    response = client.post(path_of(link))
    comment = BlogComment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{article.url}?published={comment.pk}#c{comment.pk}"
    assert comment.is_public and comment.user_email == "reader@example.jp"
    landing = client.get(response.url).content.decode()  # 「公開しました」 at the comment
    assert re.search(
        rf'<li class="comment" id="c{comment.pk}">\s*<p class="comment__published" '
        r'id="comment-published" role="status" tabindex="-1">コメントを公開しました。</p>',
        landing,
    )
    page = client.get(article.url).content.decode()
    assert "コメントを公開しました" not in page
    assert f'id="c{comment.pk}"' in page
    assert "縦書きのルビは難しいですね。" in page
    assert shows_count(page, 1)


def test_reused_link_does_not_duplicate(client, article, smtp_server):
    post(client, article)
    link = path_of(confirm_link(smtp_server.wait_for(1)[0]))
    first = client.post(link)
    second = client.post(link)
    opened_again = client.get(link)
    assert first.url == second.url == opened_again.url
    assert BlogComment.objects.count() == 1


def test_the_button_works_without_a_csrf_cookie(article, smtp_server):
    """The signed key is the proof: a reader may open the link in another browser or app."""
    post(Client(), article)
    link = path_of(confirm_link(smtp_server.wait_for(1)[0]))
    response = Client(enforce_csrf_checks=True).post(link)
    assert response.status_code == 302 and BlogComment.objects.get().is_public


def test_tampered_link_gives_a_clear_error(client, article, smtp_server):
    post(client, article)
    link = path_of(confirm_link(smtp_server.wait_for(1)[0]))
    tampered = link.rstrip("/")[:-3] + "abc/"
    response = client.post(tampered)
    assert response.status_code == 400
    assert "このリンクは正しくありません" in response.content.decode()
    # A different (but validly signed-looking) id is refused too.
    response = client.get(reverse("comments-xtd-confirm", args=["1:1vXyZa:forged"]))
    assert response.status_code == 400
    assert not BlogComment.objects.exists()


def test_expired_link_is_refused(client, article, smtp_server, settings):
    post(client, article)
    link = path_of(confirm_link(smtp_server.wait_for(1)[0]))
    later = signing.time.time() + settings.COMMENTS_CONFIRMATION_MAX_AGE + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        opened, response = client.get(link), client.post(link)
    assert opened.status_code == response.status_code == 410
    assert "有効期限が切れています" in response.content.decode()
    assert not BlogComment.objects.exists()


def test_smtp_down_keeps_the_text_and_logs(client, article, smtp_down, caplog):
    with caplog.at_level(logging.ERROR, logger="comments"):
        response = post(client, article, comment="消えてほしくない長いコメント。")
    html = response.content.decode()
    assert response.status_code == 503
    assert "確認メールを送信できなかった" in html
    assert "消えてほしくない長いコメント。" in html  # still in the textarea
    assert 'value="読者 太郎"' in html
    assert not PendingComment.objects.exists()
    assert any("Confirmation mail" in record.message for record in caplog.records)


# --------------------------------------------------------------------------- logged-in users


def test_logged_in_user_posts_without_confirmation(client, smtp_server):
    user = get_user_model().objects.create_user(
        "hanako", "hanako@example.jp", "pw-123456789", first_name="花子"
    )
    article = make_article(author_user=user)
    client.force_login(user)
    html = client.get(article.url).content.decode()
    assert "csrfmiddlewaretoken" in html
    assert "としてコメントします" in html
    data = form_data(article, comment="著者からの補足です。")
    del data["name"], data["email"]
    response = client.post(reverse("comments-post-comment"), data)
    comment = BlogComment.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"?published={comment.pk}#c{comment.pk}")
    assert comment.is_public and comment.user == user
    page = client.get(article.url).content.decode()
    assert "著者からの補足です。" in page
    assert "comment--by-author" in page and ">著者<" in page
    assert smtp_server.messages == []  # no confirmation, no self-notification


def test_logged_in_without_csrf_token_publishes_nothing_until_the_renewed_form(
    article, smtp_server
):
    from django.test import Client

    user = get_user_model().objects.create_user("editor", "editor@example.jp", "pw-123456789")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("comments-post-comment"), form_data(article))
    assert response.status_code == 403
    assert not BlogComment.objects.exists() and smtp_server.messages == []
    # The form shown again carries the user's own token: the second press publishes.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    data = {**form_data(article), "csrfmiddlewaretoken": token.group(1)}
    assert client.post(reverse("comments-post-comment"), data).status_code == 302
    assert BlogComment.objects.get().user == user


# --------------------------------------------------------------------------- threads


def test_threads_nest_oldest_first_with_reply_links(client, article):
    show_levels(3)
    first = add_comment(article, name="一郎", text="最初のコメント")
    second = add_comment(article, name="二郎", text="二つ目のコメント")
    reply = add_comment(article, name="三郎", text="一郎さんへの返信", parent=first)
    deepest = add_comment(article, name="四郎", text="さらに返信", parent=reply)
    html = client.get(article.url).content.decode()
    assert (
        html.index("最初のコメント")
        < html.index("一郎さんへの返信")
        < html.index("さらに返信")
        < html.index("二つ目のコメント")
    )
    assert html.count('class="comment-list comment-list--replies"') == 2
    assert shows_count(html, 4)
    for comment in (first, second, reply):
        assert reverse("comments-xtd-reply", args=[comment.pk]) in html
    # Three levels shown: a comment at the third level gets no reply link.
    assert deepest.level == 2
    assert reverse("comments-xtd-reply", args=[deepest.pk]) not in html
    assert f'href="#c{deepest.pk}"' in html  # permalink anchor


def test_levels_shown_default_to_five_like_wordpress():
    assert CommentSettings.load().display_depth == 5


def chain(article, length):
    """A conversation `length` comments deep, each answering the one before, saved the way the
    WordPress import saves them (readers could not reply this deep)."""
    made = [add_comment(article, name="読者 0", text="発言 0")]
    for number in range(1, length):
        reply = BlogComment(
            content_type=made[0].content_type,
            object_pk=made[0].object_pk,
            site_id=made[0].site_id,
            user_name=f"読者 {number}",
            comment=f"発言 {number}",
            parent_id=made[-1].pk,
            is_public=True,
        )
        reply.save()
        made.append(reply)
    return made


def shown_depths(html):
    """comment id -> how many reply lists it is nested in on the page."""
    depths, level = {}, 0
    threads = html[html.index('<ol class="comment-list">') :]
    for match in re.finditer(r'<ol[ >]|</ol>|<li class="[^"]*" id="c(\d+)"', threads):
        if match.group(0).startswith("<ol"):
            level += 1
        elif match.group(0) == "</ol>":
            level -= 1
        else:
            depths[int(match.group(1))] = level - 1
    return depths


@pytest.mark.parametrize("levels", [1, 3, 5, 10])
def test_deeper_replies_are_shown_at_the_last_level_under_their_real_parent(
    client, article, levels
):
    show_levels(levels)
    conversation = chain(article, 12)
    assert [c.level for c in conversation] == list(range(12))  # stored whole
    html = client.get(article.url).content.decode()
    depths = shown_depths(html)
    assert [depths[c.pk] for c in conversation] == [min(n, levels - 1) for n in range(12)]
    for number in range(1, len(conversation)):
        marker = f'<a href="#c{conversation[number - 1].pk}">返信先: 読者 {number - 1}</a>'
        assert (marker in html) == (number >= levels)  # only where the nesting cannot show it
    for comment in conversation:
        shown = reverse("comments-xtd-reply", args=[comment.pk]) in html
        assert shown == (comment.level < levels - 1)
    # Reading order is the conversation's.
    assert [html.index(f"発言 {n}<") for n in range(12)] == sorted(
        html.index(f"発言 {n}<") for n in range(12)
    )
    assert BlogComment.objects.get(pk=conversation[-1].pk).parent_id == conversation[-2].pk


def test_the_levels_shown_are_a_setting_from_one_to_ten():
    from django.core.exceptions import ValidationError

    chosen = CommentSettings.load()
    for wrong in (0, 11):
        chosen.display_depth = wrong
        with pytest.raises(ValidationError):
            chosen.full_clean()


def test_reply_page_works_without_javascript(client, article):
    parent = add_comment(article, name="一郎", text="質問があります。")
    response = client.get(reverse("comments-xtd-reply", args=[parent.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "一郎 さんに返信" in html and "質問があります。" in html
    assert f'name="reply_to" value="{parent.pk}"' in html
    assert 'action="/comments/post/"' in html


def test_reply_notifies_thread_followers_and_mute_works(client, article, smtp_server):
    parent = add_comment(article, name="一郎", email="ichiro@example.jp", followup=True)
    add_comment(article, name="別スレッド", email="other@example.jp", followup=True)

    post(
        client,
        article,
        parent=parent,
        name="二郎",
        email="jiro@example.jp",
        comment="一郎さん、その件ですが。",
    )
    client.post(path_of(confirm_link(smtp_server.wait_for(1)[0])))
    reply = BlogComment.objects.get(user_email="jiro@example.jp")
    assert reply.parent_id == parent.pk and reply.level == 1

    messages = smtp_server.wait_for(2)
    followup = messages[1]
    assert followup["To"] == "ichiro@example.jp"  # not the reader of another thread
    assert followup["Subject"] == "「縦書きと横書き」に新しい返信がありました"
    text = followup.get_body(("plain",)).get_content()
    assert "一郎 様" in text and "二郎 さんが返信しました" in text
    assert f"{BASE_URL}{article.url}#c{reply.pk}" in text
    (mute,) = [url for url in links_in(followup) if "/comments/mute/" in url]
    assert followup["List-Unsubscribe"] == f"<{mute}>"

    opened = client.get(path_of(mute))
    assert "通知を停止する" in opened.content.decode()
    assert BlogComment.objects.get(pk=parent.pk).followup  # opening the link is not enough
    response = client.post(path_of(mute))
    assert response.status_code == 200
    assert "通知を停止しました" in response.content.decode()
    assert not BlogComment.objects.get(pk=parent.pk).followup

    # Another reply in the thread: nobody follows any more.
    post(
        client,
        article,
        parent=parent,
        name="三郎",
        email="saburo@example.jp",
        comment="私も気になります。",
    )
    client.post(path_of(confirm_link(smtp_server.wait_for(3)[2])))
    assert BlogComment.objects.filter(user_email="saburo@example.jp").exists()
    assert len(smtp_server.messages) == 3


def test_author_gets_an_email_for_each_new_comment(client, smtp_server):
    author = get_user_model().objects.create_user("yamada", "yamada@example.jp", "pw-1234567")
    article = make_article(author_user=author)
    post(client, article, comment="著者さんへ。")
    client.post(path_of(confirm_link(smtp_server.wait_for(1)[0])))
    notice = smtp_server.wait_for(2)[1]
    assert notice["To"] == "yamada@example.jp"
    assert notice["Subject"] == "「縦書きと横書き」に新しいコメントがありました"
    text = notice.get_body(("plain",)).get_content()
    assert "著者さんへ。" in text and "投稿者: 読者 太郎（reader@example.jp）" in text
    assert f"{BASE_URL}/admin/comments/" in text


def test_deleting_a_comment_deletes_its_replies(article):
    parent = add_comment(article, text="親")
    reply = add_comment(article, text="子", parent=parent)
    add_comment(article, text="孫", parent=reply)
    other = add_comment(article, text="別")
    BlogComment.objects.filter(pk=parent.pk).delete()
    assert list(BlogComment.objects.values_list("pk", flat=True)) == [other.pk]


# --------------------------------------------------------------------------- closing


def test_switch_closes_comments(client):
    article = make_article(comments_open=False)
    add_comment(article, text="以前のコメント")
    html = client.get(article.url).content.decode()
    assert "以前のコメント" in html
    assert "受け付けは終了しました" in html
    assert "comment-form" not in html and "/comments/reply/" not in html
    response = post(client, article, comment="閉じた後のコメント")
    assert response.status_code == 403
    assert "閉じた後のコメント" in response.content.decode()  # given back to copy


@pytest.mark.parametrize(("days_old", "is_open"), [(29, True), (31, False)])
def test_site_setting_closes_comments_after_n_days(client, days_old, is_open):
    CommentSettings.objects.create(close_after_days=30)
    article = make_article(days_old=days_old)
    html = client.get(article.url).content.decode()
    assert ("comment-form" in html) is is_open
    assert post(client, article).status_code == (302 if is_open else 403)


def test_comment_confirmed_after_closing_is_not_published(client, article, smtp_server):
    post(client, article, comment="間に合わなかった")
    link = path_of(confirm_link(smtp_server.wait_for(1)[0]))
    type(article).objects.filter(pk=article.pk).update(comments_open=False)
    assert client.get(link).status_code == 409  # said at once, not after the button
    response = client.post(link)
    assert response.status_code == 409
    assert "間に合わなかった" in response.content.decode()
    assert not BlogComment.objects.exists()


# --------------------------------------------------------------------------- counts


def _queries_for_index(client):
    client.get("/articles/")  # warm the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/articles/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_listing_counts_comments_without_a_query_per_article(
    client, django_capture_on_commit_callbacks
):
    first = make_article("一つ目", slug="one")
    add_comment(first, text="a")
    add_comment(first, text="b")
    add_comment(first, text="hidden", public=False)
    few, html = _queries_for_index(client)
    assert shows_count(html, 2)

    for number in range(6):
        article = make_article(f"記事{number}", slug=f"more-{number}")
        add_comment(article, text=f"c{number}")
        # Published as an editor would: the listings' kept counts are renewed at the commit.
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
    many, html = _queries_for_index(client)
    assert len(re.findall(r"コメント\s*1\s*件", html)) == 6
    assert many == few  # the count is part of the listing's query


def test_listing_query_count_is_bounded(client, django_assert_max_num_queries):
    for number in range(8):
        add_comment(make_article(f"記事{number}", slug=f"bounded-{number}"))
    client.get("/articles/")  # warm caches (site, content types)
    # 16 since the cards show their category: one query for the whole page (prefetched).
    with django_assert_max_num_queries(16):
        client.get("/articles/")


# --------------------------------------------------------------------------- plumbing


def test_xtd_api_is_not_reachable(client, article):
    add_comment(article)
    for path in ["/comments/api/", "/comments/api/feedback/", "/comments/api/comment/"]:
        assert client.get(path).status_code == 404
    assert client.post("/comments/api/comment/", {}).status_code in (403, 404, 405)


def test_pending_comments_expire(client, article, smtp_server, settings):
    post(client, article)
    smtp_server.wait_for(1)
    old = PendingComment.objects.get()
    PendingComment.objects.filter(pk=old.pk).update(
        submit_date=old.submit_date - timedelta(seconds=settings.COMMENTS_CONFIRMATION_MAX_AGE + 1)
    )
    post(client, article, email="second@example.jp")
    assert list(PendingComment.objects.values_list("user_email", flat=True)) == [
        "second@example.jp"
    ]


def test_settings_the_design_relies_on(settings):
    assert isinstance(settings.COMMENTS_XTD_SALT, bytes)
    assert settings.COMMENTS_XTD_THREADED_EMAILS is False
    assert settings.COMMENTS_XTD_MAX_THREAD_LEVEL >= 50  # imported threads are stored whole
    assert settings.COMMENT_MAX_LENGTH == 3000
    assert settings.INSTALLED_APPS.index("comments") < settings.INSTALLED_APPS.index(
        "django_comments_xtd"
    )  # our templates override xtd's


def test_templates_stay_inert_and_csp_friendly():
    from pathlib import Path

    import comments

    templates = Path(comments.__file__).parent / "templates"
    for path in templates.rglob("*.*"):
        text = path.read_text(encoding="utf-8")
        assert "|safe" not in text, path
        assert "<script" not in text and "gravatar" not in text.lower(), path
        assert not re.search(r"\son[a-z]+\s*=", text), path  # no inline event handlers
        assert "http://" not in text, path  # links come from BASE_URL


def template_names(label):
    folder = Path(apps.get_app_config(label).path) / "templates"
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def test_comment_templates_override_none_of_the_comment_libraries():
    """Our views, tags and emails name their own templates (comments/pages/, comments/email/),
    so none may shadow one of xtd's or django-contrib-comments': a page found under their name
    would be an override of views we do not mount (docs/architecture.md)."""
    ours = template_names("comments")
    assert "comments/pages/confirm.html" in ours and "comments/email/followup.txt" in ours
    for label in ("django_comments_xtd", "django_comments"):
        assert not ours & template_names(label), label
