"""The article body rendered once at save time (articles/rendered.py), served from the row,
in the reader's language, and dropped when something it shows changes
(articles/stale.py), so that no reader sees an old address, title or picture."""

import io
import re

from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images.models import Image
from wagtail.models import PageViewRestriction

import pytest
import support_pages as pages
from PIL import Image as PILImage

from articles.models import ArticlePage, Author
from articles.stale import drop_stored_bodies

pytestmark = pytest.mark.django_db

CODE = ("code", {"language": "python", "filename": "", "code": "print('こんにちは')\n"})


def stored(article):
    return ArticlePage.objects.get(pk=article.pk).body_html


def html_of(client, article, **headers):
    response = client.get(article.url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def article_of(html):
    """The article itself, without the comment form (its timestamp changes every second)."""
    return html[html.index("<article") : html.index("</article>")]


def picture(name, colour="#336699"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), colour).save(buffer, format="PNG")
    return Image.objects.create(title=name, file=ImageFile(buffer, name=name))


def test_publishing_stores_each_blocks_html_in_each_language():
    article = pages.article("保存される本文", body=[*pages.SAMPLE_BODY, CODE])
    body_html = stored(article)
    assert set(body_html) == {"ja", "en"} and len(body_html["ja"]) == len(pages.SAMPLE_BODY) + 1
    assert '<h2 id="はじめに">はじめに</h2>' in body_html["ja"][0]
    assert "コードをコピー" in body_html["ja"][-1] and "Copy code" in body_html["en"][-1]


def test_the_reader_gets_the_stored_html_without_the_body_being_rendered(client):
    article = pages.article("保存済みの本文を読む")
    body_html = stored(article)
    body_html["ja"][1] = '<p class="from-the-row">行から読んだ段落</p>'
    ArticlePage.objects.filter(pk=article.pk).update(body_html=body_html)
    html = html_of(client, article)
    assert '<p class="from-the-row">行から読んだ段落</p>' in html
    assert "気持ちよく" not in html  # the paragraph as rendered from the body is not there


def test_the_stored_html_is_exactly_what_rendering_the_body_gives(client):
    article = pages.article("同じ結果", body=[*pages.SAMPLE_BODY, CODE])
    from_the_row = article_of(html_of(client, article))
    drop_stored_bodies(ArticlePage.objects.filter(pk=article.pk))
    assert article_of(html_of(client, article)) == from_the_row  # rendered afresh at this view
    assert stored(article) is not None  # and stored again


def test_an_english_reader_gets_the_blocks_in_english(client):
    article = pages.article("英語の読者", body=[CODE])
    assert "コードをコピー" in html_of(client, article)
    english = html_of(client, article, HTTP_ACCEPT_LANGUAGE="en")
    assert 'data-copy-label="Copy code"' in english


def test_revisions_keep_the_body_but_not_its_html():
    article = pages.article("版に入らないもの")
    assert "body_html" not in article.get_latest_revision().content
    assert article.get_latest_revision().content["body"]


def test_a_row_without_stored_html_is_rendered_and_stored_at_its_first_view(client):
    article = pages.article("一括で入れた記事")
    ArticlePage.objects.filter(pk=article.pk).update(body_html=None)  # as bulk inserts leave it
    assert "気持ちよく" in html_of(client, article)
    assert stored(article)["ja"][1].startswith('<div class="block-paragraph">')
    with CaptureQueriesContext(connection) as queries:
        html_of(client, article)
    assert not [query for query in queries if query["sql"].startswith("UPDATE")]


def test_a_view_rendering_while_something_changes_does_not_store_old_html():
    article = ArticlePage.objects.get(pk=pages.article("競合").pk)
    ArticlePage.objects.filter(pk=article.pk).update(body_html=None)
    article.body_html = None  # this view read the row before the change below
    drop_stored_bodies(ArticlePage.objects.filter(pk=article.pk))  # a change meanwhile
    assert article.body_blocks  # the reader still gets the body
    assert stored(article) is None  # but what it rendered is not kept


def test_the_copy_script_comes_once_per_page_with_code_and_never_without(client):
    with_code = pages.article("コード付き", body=[CODE, CODE])
    assert html_of(client, with_code).count("articles/js/code-copy.js") == 1
    assert "code-copy.js" not in html_of(client, pages.article("コードなし"))


def test_a_linked_page_published_under_a_new_address_updates_the_link(client):
    target = pages.article("リンク先", slug="link-target")
    link = f'<p><a linktype="page" id="{target.pk}">リンク先へ</a></p>'
    article = pages.article("リンク元", body=[("paragraph", link)])
    assert 'href="/articles/link-target/"' in html_of(client, article)
    target.slug = "moved-target"
    target.save_revision().publish()
    assert stored(article) is None
    assert 'href="/articles/moved-target/"' in html_of(client, article)


def test_a_link_card_shows_the_linked_pages_new_title(client):
    target = pages.article("古い題名")
    card = {"page": target, "url": "", "title": "", "description": "", "image": None}
    article = pages.article("カードを載せた記事", body=[("link_card", card)])
    assert "古い題名" in html_of(client, article)
    target.title = "新しい題名"
    target.save_revision().publish()
    html = html_of(client, article)
    assert "新しい題名" in html and "古い題名" not in html


def test_a_changed_or_deleted_image_is_not_shown_from_old_html(client):
    image = picture("figure.png")
    block = ("image", {"image": image, "alt": "図の説明", "caption": ""})
    article = pages.article("図のある記事", body=[block])
    assert 'alt="図の説明"' in html_of(client, article)
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width = image.focal_point_height = 20
    image.save()
    assert stored(article) is None
    files = re.findall(r"/media/images/[^\s\"]+", html_of(client, article))
    assert files
    image.delete()
    assert stored(article) is None
    html = html_of(client, article)
    assert not any(name in html for name in files)


def test_a_renamed_author_is_renamed_in_speech_balloons(client):
    speaker = Author.objects.create(name="山田 一郎", slug="yamada")
    balloon = {"author": speaker, "name": "", "avatar": None, "side": "left"}
    balloon["text"] = "<p>どうも</p>"
    article = pages.article("対話", body=[("balloon", balloon)])
    assert "山田 一郎" in html_of(client, article)
    speaker.name = "山田 二郎"
    speaker.save()
    assert "山田 二郎" in html_of(client, article)


def test_moving_pages_drops_every_stored_body():
    article = pages.article("移動の影響")
    other_index = pages.article_index("notes", "ノート")
    moved = pages.article("動く記事")
    moved.move(other_index, pos="last-child")
    assert stored(article) is None


def test_related_previous_and_next_are_stored_at_the_first_view_then_read_in_one_query(client):
    older = pages.article("前の記事", published_days_ago=3, tags=["共有"])
    middle = pages.article("真ん中の記事", published_days_ago=2, tags=["共有"])
    newer = pages.article("次の記事", published_days_ago=1, tags=["共有"])
    first = html_of(client, middle)
    linked = ArticlePage.objects.get(pk=middle.pk).linked_ids
    assert linked == {"related": [newer.pk, older.pk], "previous": older.pk, "next": newer.pk}
    page = ArticlePage.objects.get(pk=middle.pk)
    with CaptureQueriesContext(connection) as queries:
        assert page.linked_articles == ([newer, older], older, newer)
        shown = [  # what a card and a previous/next link show
            (card.title, card.url_path, card.published_date, card.hero_image)
            for card in [*page.related_articles, *page.neighbours]
        ]
    assert len(queries) == 1
    assert [title for title, *_ in shown] == ["次の記事", "前の記事", "前の記事", "次の記事"]
    # Only the columns a card shows are read (CARD_FIELDS), not the body or its HTML.
    deferred = page.related_articles[0].get_deferred_fields()
    assert {"body", "body_html", "plain_body", "lead", "search_description"} <= deferred
    assert article_of(html_of(client, middle)) == article_of(first)


def test_an_article_made_private_is_no_longer_linked_from_the_others(client):
    """The stored ids are read back without Wagtail's public() check: a new restriction
    must drop them (stale.py), or a private article's title would show on public pages."""
    older = pages.article("公開のままの記事", published_days_ago=2, tags=["鍵"])
    newer = pages.article("鍵をかける記事", published_days_ago=1, tags=["鍵"])
    assert html_of(client, older).count("鍵をかける記事") == 2  # related and next
    PageViewRestriction.objects.create(
        page=newer, restriction_type=PageViewRestriction.PASSWORD, password="合言葉です"
    )
    assert "鍵をかける記事" not in html_of(client, older)


def test_a_new_publication_is_linked_from_the_articles_it_follows(client):
    older = pages.article("前からある記事", published_days_ago=2, tags=["話題"])
    assert 'rel="next"' not in html_of(client, older)
    newer = pages.article("新しい記事", tags=["話題"])
    html = html_of(client, older)
    assert f'rel="next" href="{newer.url}"' in html and "新しい記事</a>" in html
    newer.unpublish()
    assert "新しい記事" not in html_of(client, older)


def test_a_preview_stores_nothing_of_the_draft(client):
    page = pages.article("下書きを見る", tags=["x"])
    pages.article("関連する記事", tags=["x"])
    draft = ArticlePage.objects.get(pk=page.pk)
    ArticlePage.objects.filter(pk=page.pk).update(body_html=None, linked_ids=None)
    draft.body = [("paragraph", "<p>下書きだけの段落</p>")]
    response = draft.make_preview_request()
    assert "下書きだけの段落" in response.content.decode()
    assert stored(page) is None
    assert ArticlePage.objects.get(pk=page.pk).linked_ids is None
