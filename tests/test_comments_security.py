"""Comments against abuse: invalid input kept and explained, XSS rendered inert, forged
reply_to values, the form's timestamp and hash, honeypot, rate limits, moderation holds."""

import time

from django.core.cache import cache
from django.urls import reverse

import pytest
from support_comments import add_comment, form_data, links_in, make_article, path_of, show_levels

from comments.models import BlogComment, CommentSettings, PendingComment, Status
from comments.text import count_links, render_comment

pytestmark = pytest.mark.django_db

XSS_NAME = '<script>alert("name")</script>'
XSS_TEXT = (
    '<img src=x onerror=alert(1)> "><svg onload=alert(2)> <a href="javascript:alert(3)">x</a>\n'
    "詳しくはhttps://example.com/a?b=1&c=<2>を参照。"
)


@pytest.fixture(autouse=True)
def _clean(settings):
    cache.clear()
    settings.WAGTAILADMIN_BASE_URL = "https://blog.example.jp"


@pytest.fixture
def article():
    return make_article()


def post(client, article, **fields):
    return client.post(reverse("comments-post-comment"), form_data(article, **fields))


# --------------------------------------------------------------------------- invalid input


def test_invalid_input_reshows_the_form_with_everything_typed(client, article, mailoutbox):
    response = post(
        client,
        article,
        name="",
        email="not-an-address",
        url="www.example.com/about",
        comment="この文章は消えてはいけません。",
        followup=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "コメントはまだ投稿されていません" in html
    # Django's own messages, in Japanese, tied to their fields for screen readers.
    assert 'aria-describedby="comment_name_error"' in html
    assert "必須です" in html.split('id="comment_name_error"')[1].split("</ul>")[0]
    assert "有効なメールアドレスを入力してください。" in html
    assert "この文章は消えてはいけません。" in html
    assert 'value="not-an-address"' in html
    assert 'name="followup" id="comment_followup" checked' in html
    assert 'aria-invalid="true"' in html
    assert mailoutbox == [] and not PendingComment.objects.exists()


def test_comment_longer_than_the_limit_is_refused(client, article, settings):
    response = post(client, article, comment="あ" * (settings.COMMENT_MAX_LENGTH + 1))
    html = response.content.decode()
    assert response.status_code == 200
    assert "3000 字以下" in html or "3000" in html
    assert not PendingComment.objects.exists()


def test_only_web_addresses_are_accepted_as_website(client, article):
    response = post(client, article, url="javascript:alert(1)")
    assert response.status_code == 200
    assert not PendingComment.objects.exists()


# --------------------------------------------------------------------------- XSS


def test_comment_text_and_name_are_rendered_inert(client, article):
    add_comment(article, name=XSS_NAME, text=XSS_TEXT)
    html = client.get(article.url).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "<svg" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # The address is linked even inside Japanese text, with reader-content rel values.
    assert (
        '詳しくは<a href="https://example.com/a?b=1&amp;c=" rel="nofollow ugc noopener">'
        "https://example.com/a?b=1&amp;c=</a>&lt;2&gt;を参照。" in html
    )


def test_reader_website_link_is_nofollow_ugc(client, article, smtp_server):
    post(client, article, url="https://reader.example.jp/")
    (message,) = smtp_server.wait_for(1)
    client.post(path_of([u for u in links_in(message) if "/confirm/" in u][0]))
    html = client.get(article.url).content.decode()
    assert '<a href="https://reader.example.jp/" rel="nofollow ugc noopener">読者 太郎</a>' in html


def test_render_comment_helpers():
    assert str(render_comment("a\n\nb\nc")) == "<p>a</p>\n\n<p>b<br>c</p>"
    assert 'href="https://ja.wikipedia.org/wiki/X_(Y)"' in render_comment(
        "（https://ja.wikipedia.org/wiki/X_(Y)）"
    )
    assert 'href="https://www.example.com"' in render_comment("www.example.com.")
    assert count_links("https://a.jp https://b.jp と www.c.jp") == 3


def test_emails_escape_reader_input(client, article, smtp_server):
    post(client, article, name=XSS_NAME, comment=XSS_TEXT)
    (message,) = smtp_server.wait_for(1)
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "<img src=x" not in html
    text = message.get_body(("plain",)).get_content()
    assert XSS_NAME in text  # plain text is not HTML: shown as typed, not as entities


# --------------------------------------------------------------------------- reply_to


def _forged(client, article, reply_to):
    return client.post(reverse("comments-post-comment"), form_data(article, reply_to=str(reply_to)))


@pytest.mark.parametrize("value", ["999999", "-1", "abc", "99999999999999999999", "1.5"])
def test_forged_reply_to_values_are_refused(client, article, value, mailoutbox):
    add_comment(article)
    response = _forged(client, article, value)
    assert response.status_code == 200
    assert "返信先のコメントが見つかりません" in response.content.decode()
    assert mailoutbox == [] and not PendingComment.objects.exists()


def test_reply_to_a_comment_on_another_article_is_refused(client, article, mailoutbox):
    elsewhere = add_comment(make_article("別の記事", slug="other"))
    response = _forged(client, article, elsewhere.pk)
    assert "返信先のコメントが見つかりません" in response.content.decode()
    assert mailoutbox == []


def test_reply_to_an_unpublished_comment_is_refused(client, article, mailoutbox):
    pending = add_comment(article, public=False)
    assert (
        "返信先のコメントが見つかりません" in _forged(client, article, pending.pk).content.decode()
    )
    assert mailoutbox == []


def test_reply_below_the_maximum_depth_is_refused(client, article, mailoutbox):
    show_levels(3)
    top = add_comment(article, text="1")
    second = add_comment(article, text="2", parent=top)
    third = add_comment(article, text="3", parent=second)
    response = _forged(client, article, third.pk)
    assert "これ以上返信を重ねられません" in response.content.decode()
    assert client.get(reverse("comments-xtd-reply", args=[third.pk])).status_code == 400
    assert mailoutbox == []


def test_parent_hidden_before_confirmation(client, article, smtp_server):
    parent = add_comment(article)
    post(client, article, parent=parent, email="late@example.jp", comment="遅れた返信")
    (message,) = smtp_server.wait_for(1)
    BlogComment.objects.filter(pk=parent.pk).update(is_removed=True)
    response = client.post(path_of([u for u in links_in(message) if "/confirm/" in u][0]))
    assert response.status_code == 409
    html = response.content.decode()
    assert "返信先のコメントがその間に削除された" in html and "遅れた返信" in html
    assert not BlogComment.objects.filter(user_email="late@example.jp").exists()


def test_reply_page_for_missing_or_hidden_comment(client, article):
    hidden = add_comment(article)
    BlogComment.objects.filter(pk=hidden.pk).update(is_removed=True)
    assert client.get(reverse("comments-xtd-reply", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("comments-xtd-reply", args=[424242])).status_code == 404


# --------------------------------------------------------------------------- form security


def test_expired_form_is_renewed_with_the_text_kept(client, article, settings, mailoutbox):
    data = form_data(article, comment="キャッシュされたページから書きました。")
    stale = time.time() - settings.COMMENTS_TIMEOUT - 60
    from comments.forms import CommentForm

    form = CommentForm(article)
    data.update(timestamp=str(int(stale)), security_hash=form.initial_security_hash(int(stale)))
    response = client.post(reverse("comments-post-comment"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "フォームを更新しました" in html
    assert "キャッシュされたページから書きました。" in html
    assert f'name="timestamp" value="{int(stale)}"' not in html  # a fresh one
    assert mailoutbox == []

    # Sending the renewed form works.
    renewed = dict(data)
    renewed.update(CommentForm(article).generate_security_data())
    assert client.post(reverse("comments-post-comment"), renewed).status_code == 302


def test_tampered_security_hash_is_refused(client, article, mailoutbox):
    response = client.post(
        reverse("comments-post-comment"), form_data(article, security_hash="0" * 40)
    )
    assert response.status_code == 400
    assert "フォームを確認できませんでした" in response.content.decode()
    assert mailoutbox == []


def test_honeypot_catches_robots(client, article, mailoutbox):
    response = post(client, article, honeypot="http://spam.example/")
    assert response.status_code == 400
    assert mailoutbox == [] and not PendingComment.objects.exists()


def test_other_content_types_are_refused(client, article):
    data = form_data(article, content_type="auth.user", object_pk="1")
    assert client.post(reverse("comments-post-comment"), data).status_code == 400
    assert client.get(reverse("comments-post-comment")).status_code == 405


# --------------------------------------------------------------------------- rate limits


def test_rate_limit_per_client_address(client, article, settings, mailoutbox):
    settings.COMMENTS_RATE_LIMIT = 3
    for number in range(3):
        assert post(client, article, email=f"r{number}@example.jp").status_code == 302
    response = post(client, article, email="r9@example.jp", comment="四つ目のコメント")
    html = response.content.decode()
    assert response.status_code == 429
    assert "短時間に多くのコメントが送信されました" in html
    assert "四つ目のコメント" in html
    assert len(mailoutbox) == 3


def test_rate_limit_per_email_address(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = 2
    for number in range(2):
        response = client.post(
            reverse("comments-post-comment"),
            form_data(article, comment=f"{number}"),
            REMOTE_ADDR=f"198.51.100.{number}",
        )
        assert response.status_code == 302
    response = client.post(
        reverse("comments-post-comment"), form_data(article), REMOTE_ADDR="198.51.100.99"
    )
    assert response.status_code == 429


def test_client_address_behind_a_proxy(rf, settings):
    from security.addresses import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
    settings.COMMENTS_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # not the spoofable first entry


# --------------------------------------------------------------------------- holds


def _confirm_all(client, smtp_server, count):
    for message in smtp_server.wait_for(count):
        for url in links_in(message):
            if "/confirm/" in url:
                client.post(path_of(url))


def test_many_links_wait_for_approval(client, article, smtp_server):
    text = "https://a.example https://b.example https://c.example"
    post(client, article, comment=text)
    (message,) = smtp_server.wait_for(1)
    response = client.post(path_of([u for u in links_in(message) if "/confirm/" in u][0]))
    assert response.status_code == 200
    assert "コメントは承認待ちです" in response.content.decode()
    comment = BlogComment.objects.get()
    assert comment.status == Status.PENDING
    assert "https://a.example" not in client.get(article.url).content.decode()


def test_two_links_are_fine(client, article, smtp_server):
    post(client, article, comment="https://a.example と https://b.example")
    _confirm_all(client, smtp_server, 1)
    assert BlogComment.objects.get().status == Status.PUBLISHED


def test_first_time_commenters_can_be_held(client, article, smtp_server):
    CommentSettings.objects.create(hold_first_comments=True)
    post(client, article, comment="初めてのコメント")
    _confirm_all(client, smtp_server, 1)
    first = BlogComment.objects.get()
    assert first.status == Status.PENDING
    BlogComment.objects.filter(pk=first.pk).update(is_public=True)  # approved
    post(client, article, comment="二回目のコメント")
    _confirm_all(client, smtp_server, 2)
    assert BlogComment.objects.get(comment="二回目のコメント").status == Status.PUBLISHED


def test_after_spam_the_same_address_is_held(client, article, smtp_server):
    from django.contrib.auth import get_user_model

    from comments import moderation

    moderator = get_user_model().objects.create_superuser("mod", "mod@example.jp", "pw-12345678")
    spam = add_comment(article, email="spammer@example.jp", text="spam")
    moderation.mark_spam([spam], moderator)
    post(client, article, email="spammer@example.jp", comment="また来ました")
    _confirm_all(client, smtp_server, 1)
    assert BlogComment.objects.get(comment="また来ました").status == Status.PENDING
