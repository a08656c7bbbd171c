"""Each comment's HTML stored when it is saved (comments/stored_html.py, issue #13): the threads
read it instead of rendering every comment on every view, and never show a stale or unsafe one."""

import pytest
from django_comments_xtd.models import XtdComment
from support_comments import add_comment, make_article

from comments import stored_html
from comments.models import BlogComment, CommentHTML
from comments.text import render_comment
from comments.threads import comment_tree, render_threads

pytestmark = pytest.mark.django_db

TEXTS = [
    "詳しくはhttps://example.com/a_(b)を参照。\n\n二段落目\n改行",
    "<script>alert(1)</script><img src=x onerror=alert(2)> & \"引用\" 'x'",
    "www.example.jp/ページ、javascript:alert(3)",
    "",
]


def threads(article):
    return str(render_threads(comment_tree(article, replies_open=True)[0]))


@pytest.fixture
def article():
    return make_article()


def test_a_saved_comment_has_its_html_stored_as_the_renderer_gives_it(article):
    for text in TEXTS:
        comment = add_comment(article, text=text)
        row = CommentHTML.objects.get(comment_id=comment.pk)
        assert row.html == str(render_comment(text))
        assert row.source_digest == stored_html.source_digest(text)


def test_the_threads_are_the_same_with_stored_html_and_without(article):
    for text in TEXTS:
        add_comment(article, text=text)
    stored = threads(article)
    CommentHTML.objects.all().delete()  # as comments saved before this existed
    rendered_now = threads(article)
    assert rendered_now == stored
    for text in TEXTS:
        assert str(render_comment(text)) in stored
    # …and rendering them stored them (one query) for the next view.
    assert CommentHTML.objects.count() == len(TEXTS)


def test_hostile_markup_stays_escaped(article):
    comment = add_comment(article, text=TEXTS[1])
    html = CommentHTML.objects.get(comment_id=comment.pk).html
    shown = threads(article)
    for page in (html, shown):
        assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html


def test_the_threads_read_the_stored_html(article):
    comment = add_comment(article, text="元の本文")
    CommentHTML.objects.filter(pk=comment.pk).update(html="<p>保存済みのHTML</p>")
    assert "<p>保存済みのHTML</p>" in threads(article)


def test_an_edit_in_the_admin_refreshes_it(admin_client, article):
    comment = add_comment(article, text="電話番号 090-0000-0000")
    response = admin_client.post(
        f"/admin/comments/edit/{comment.pk}/",
        {"user_name": "読者 太郎", "user_url": "", "comment": "電話番号を消しました"},
    )
    assert response.status_code == 302
    assert CommentHTML.objects.get(pk=comment.pk).html == "<p>電話番号を消しました</p>"
    shown = threads(article)
    assert "電話番号を消しました" in shown and "090" not in shown


def test_a_text_changed_without_save_is_never_shown_stale(article):
    comment = add_comment(article, text="古い本文")
    BlogComment.objects.filter(pk=comment.pk).update(comment="新しい<b>本文</b>")
    shown = threads(article)
    assert "新しい&lt;b&gt;本文&lt;/b&gt;" in shown and "古い本文" not in shown
    assert CommentHTML.objects.get(pk=comment.pk).html == "<p>新しい&lt;b&gt;本文&lt;/b&gt;</p>"


def test_a_new_rendering_redoes_the_stored_html(article, monkeypatch):
    comment = add_comment(article, text="本文")
    CommentHTML.objects.filter(pk=comment.pk).update(html="<p>前のレンダリング</p>")
    monkeypatch.setattr(stored_html, "RENDERING", "next")
    shown = threads(article)
    assert "<p>本文</p>" in shown and "前のレンダリング" not in shown


def test_saves_through_xtd_store_it_and_deletes_remove_it(article):
    comment = add_comment(article, text="本文")
    xtd = XtdComment.objects.get(pk=comment.pk)
    xtd.comment = "xtd経由の編集"
    xtd.save()
    assert CommentHTML.objects.get(pk=comment.pk).html == "<p>xtd経由の編集</p>"
    xtd.delete()
    assert not CommentHTML.objects.filter(pk=comment.pk).exists()
    other = add_comment(article, text="もう一つ")
    BlogComment.objects.get(pk=other.pk).delete()
    assert not CommentHTML.objects.exists()
