"""An article nobody has commented on skips the threads' query (comments/presence.py), and
the fact it relies on never hides a comment: the first confirmed comment shows at once, a
deleted last comment, an old revision published after a comment came, bulk writes."""

import importlib
import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from support_comments import add_comment, form_data, links_in, make_article, path_of

from articles.models import ArticlePage
from comments.models import BlogComment
from home.management.commands.generate_bench_data import add_comments

pytestmark = pytest.mark.django_db

THREADS_TABLE = '"django_comments_xtd_xtdcomment"'


@pytest.fixture(autouse=True)
def _fresh(settings):
    cache.clear()  # rate-limit counters, chrome
    settings.LANGUAGE_CODE = "ja"


def fact(article):
    return ArticlePage.objects.values_list("has_comment_rows", flat=True).get(pk=article.pk)


def view(client, article):
    """(html, whether the threads' query ran), on a fresh copy of the page (no page cache in
    the test settings)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)
    assert response.status_code == 200
    read = any(THREADS_TABLE in q["sql"] and "SELECT" in q["sql"] for q in queries)
    return response.content.decode(), read


def test_no_comment_no_threads_query_and_the_first_confirmed_one_shows_at_once(client, smtp_server):
    article = make_article()
    assert fact(article) is False  # counted when the article was saved
    html, read = view(client, article)
    assert not read and "まだコメントはありません" in html
    response = client.post(
        reverse("comments-post-comment"), form_data(article, comment="一番乗りです。")
    )
    assert response.status_code == 302
    assert fact(article) is False  # awaiting its confirmation: not a comment row yet
    (message,) = smtp_server.wait_for(1)
    (link,) = [url for url in links_in(message) if "/comments/confirm/" in url]
    client.post(path_of(link))
    assert fact(article) is True
    html, read = view(client, article)
    assert read and "一番乗りです。" in html and re.search(r"コメント\s*1\s*件", html)


def test_deleting_the_last_comment_skips_the_query_again(client):
    article = make_article()
    first = add_comment(article, text="最初の一言。")
    add_comment(article, text="返信です。", parent=first)
    assert fact(article) is True
    BlogComment.objects.get(pk=first.pk).delete()  # its reply goes with it
    assert fact(article) is False
    html, read = view(client, article)
    assert not read and "最初の一言。" not in html


def test_a_draft_saved_before_the_first_comment_previews_with_it(admin_client):
    article = make_article()
    article.save_revision()  # a draft, while nobody has commented yet
    add_comment(article, text="下書きの後に届いた一言。")
    draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=(article.pk,)))
    assert draft.status_code == 200
    assert "下書きの後に届いた一言。" in draft.content.decode()


def test_a_hidden_or_pending_comment_is_still_a_row_the_threads_read(client):
    article = make_article()
    add_comment(article, text="承認待ちの一言。", public=False)
    assert fact(article) is True  # approval changes no row's existence: nothing to recount
    BlogComment.objects.filter(object_pk=str(article.pk)).update(is_public=True)
    html, read = view(client, article)
    assert read and "承認待ちの一言。" in html


def test_publishing_a_revision_made_before_a_comment_keeps_the_comment_shown(client):
    article = make_article()
    article.title = "書き直した題名"
    revision = article.save_revision()  # carries has_comment_rows=False
    add_comment(article, text="改稿前のコメント。")
    revision.publish()
    assert fact(article) is True
    html, _ = view(client, ArticlePage.objects.get(pk=article.pk))
    assert "書き直した題名" in html and "改稿前のコメント。" in html


def test_comments_written_in_bulk_are_counted(client):
    article = make_article()
    add_comments(article, 3)  # the bench generator: no signals
    assert fact(article) is True
    html, read = view(client, article)
    assert read and re.search(r"コメント\s*3\s*件", html)


def test_unknown_is_read_as_before(client):
    """Rows from before the field (None): the threads are read."""
    article = make_article()
    add_comment(article, text="以前からのコメント。")
    ArticlePage.objects.filter(pk=article.pk).update(has_comment_rows=None)
    html, read = view(client, article)
    assert read and "以前からのコメント。" in html


def test_the_migration_counts_the_articles_that_were_there():
    """Articles from before the field learn it at the migration (run here on today's models)."""
    from django.apps import apps

    migration = importlib.import_module(
        "articles.migrations.0014_article_knows_it_has_comment_rows"
    )
    commented, quiet = make_article(), make_article("静かな記事")
    add_comment(commented, text="以前からのコメント。")
    ArticlePage.objects.update(has_comment_rows=None)
    migration.count_existing(apps, None)
    assert (fact(commented), fact(quiet)) == (True, False)
