from wagtail.blocks import StreamValue

import pytest
import support_pages as pages

from articles.blocks import ArticleBodyBlock
from articles.models import ArticlePage
from articles.outline import body_text, heading_anchors, nested_outline, outline, reading_minutes


def stream(*blocks):
    return StreamValue(ArticleBodyBlock(), list(blocks))


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def test_japanese_headings_keep_their_characters_in_the_anchor():
    body = stream(heading("長文の読みやすさ"), heading("Wagtail と検索", "h3"))
    assert [entry.anchor for entry in outline(body)] == ["長文の読みやすさ", "wagtail-と検索"]


def test_repeated_headings_get_unique_anchors_in_order():
    body = stream(heading("まとめ"), heading("まとめ", "h3"), heading("まとめ", "h3"))
    assert [entry.anchor for entry in outline(body)] == ["まとめ", "まとめ-2", "まとめ-3"]


def test_heading_made_only_of_punctuation_gets_a_positional_anchor():
    body = stream(("paragraph", "<p>前置き</p>"), heading("！？"))
    assert list(heading_anchors(body).values()) == ["section-2"]


def test_outline_keeps_levels_and_skips_other_blocks():
    body = stream(
        heading("一"), ("paragraph", "<p>本文</p>"), heading("二", "h3"), heading("三", "h4")
    )
    assert [(entry.level, entry.text) for entry in outline(body)] == [
        (2, "一"),
        (3, "二"),
        (4, "三"),
    ]


def test_body_text_includes_every_text_bearing_block():
    body = stream(
        heading("見出しの語"),
        ("paragraph", "<p>段落の<b>語</b></p>"),
        ("bullet_list", {"ordered": True, "items": ["<p>項目の語</p>"]}),
        ("quote", {"text": "引用の語", "source": "出典の語"}),
        ("markdown", "マークダウンの語"),
        ("callout", {"kind": "tip", "title": "囲みの題", "text": "<p>囲みの語</p>"}),
    )
    text = body_text(body)
    for word in [
        "見出しの語",
        "段落の語",
        "項目の語",
        "引用の語",
        "出典の語",
        "マークダウンの語",
        "囲みの題",
        "囲みの語",
    ]:
        assert word in text
    assert "<b>" not in text


def test_reading_time_is_500_japanese_characters_a_minute():
    assert reading_minutes("あ" * 500) == 1
    assert reading_minutes("あ" * 501) == 2
    assert reading_minutes("漢字" * 1500) == 6


def test_reading_time_counts_latin_words_and_is_at_least_one_minute():
    assert reading_minutes("") == 1
    assert reading_minutes("word " * 400) == 2
    assert reading_minutes("あ" * 250 + " word" * 100) == 1


def test_nested_outline_puts_subheadings_under_their_section():
    body = stream(
        heading("一"),
        heading("一の一", "h3"),
        heading("一の二", "h3"),
        heading("一の二の一", "h4"),
        heading("二"),
        heading("二の一", "h3"),
    )
    tree = nested_outline(outline(body))
    assert [node.entry.text for node in tree] == ["一", "二"]
    assert [node.entry.text for node in tree[0].children] == ["一の一", "一の二"]
    assert [node.entry.text for node in tree[0].children[1].children] == ["一の二の一"]
    assert [node.entry.text for node in tree[1].children] == ["二の一"]


def test_nested_outline_tolerates_an_article_that_starts_with_a_subheading():
    tree = nested_outline(outline(stream(heading("小", "h3"), heading("大"))))
    assert [node.entry.text for node in tree] == ["小", "大"]


@pytest.mark.django_db
def test_saving_stores_the_outline_and_reading_time_that_views_read(django_assert_num_queries):
    body = [heading("はじめに"), ("paragraph", "<p>" + "あ" * 1200 + "</p>"), heading("はじめに")]
    article = pages.article("保存される目次", body=body)
    stored = ArticlePage.objects.get(pk=article.pk)
    assert stored.outline_entries == [
        [0, 2, "はじめに", "はじめに"],
        [2, 2, "はじめに", "はじめに-2"],
    ]
    assert stored.reading_time == 3
    with django_assert_num_queries(0):  # nothing worked out from the body on a view
        assert [entry.anchor for entry in stored.table_of_contents] == ["はじめに", "はじめに-2"]
        assert stored.heading_anchors == {0: "はじめに", 2: "はじめに-2"}
        assert stored.reading_minutes == 3
    ArticlePage.objects.filter(pk=article.pk).update(outline_entries=None, reading_time=None)
    inserted_without_save = ArticlePage.objects.get(pk=article.pk)
    assert inserted_without_save.reading_minutes == 3  # worked out when missing


@pytest.mark.parametrize(
    "text, html",
    [
        ("`pip` で入れる", "<code>pip</code> で入れる"),
        ("a <b> と `x<y>`", "a &lt;b&gt; と <code>x&lt;y&gt;</code>"),
        ("`一つ`と`二つ`", "<code>一つ</code>と<code>二つ</code>"),
        ("閉じない ` は文字のまま", "閉じない ` は文字のまま"),
        ("普通の見出し", "普通の見出し"),
    ],
)
def test_backquoted_runs_in_a_heading_show_as_code(text, html):
    from articles.templatetags.article_tags import code_spans

    assert str(code_spans(text)) == html


def test_backquotes_leave_the_heading_anchor_as_it_was():
    body = stream(heading("`select_related` の使い方"))
    assert outline(body)[0].anchor == "select_related-の使い方"


@pytest.mark.django_db
def test_the_page_shows_the_contents_nested_with_code_and_escaped_text(client):
    body = [
        heading("`pip` の使い方"),
        heading("<script> を書かない", "h3"),
        heading("一の二", "h3"),
        heading("まとめ"),
    ]
    article = pages.article("目次のある記事", body=body)
    html = client.get(article.url).content.decode()
    contents = html[
        html.index('<nav class="toc"') : html.index("</nav>", html.index('class="toc"'))
    ]
    assert (
        '<ol class="toc__list">\n'
        '<li><a href="#pip-の使い方"><code>pip</code> の使い方</a><ol class="toc__list">\n'
        '<li><a href="#script-を書かない">&lt;script&gt; を書かない</a></li>\n'
        '<li><a href="#一の二">一の二</a></li>\n</ol></li>\n'
        '<li><a href="#まとめ">まとめ</a></li>\n</ol>'
    ) in contents
