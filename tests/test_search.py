"""Japanese full-text search: the public /search/ page and the admin's page search.

Every probe word sits inside a sentence, where a tokenizer that splits on spaces cannot see it.
Run on PostgreSQL with `make test ARGS="tests/test_search.py"`; plain pytest runs on SQLite.
"""

import datetime
import re
from html import unescape

from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

import pytest

from articles.blocks import HEADING_LEVELS
from articles.models import ArticleIndexPage, ArticlePage
from home.models import HomePage
from search.cjk import index_text, query_text, query_words
from search.fields import stream_text
from search.highlight import snippet, words_pattern

pytestmark = pytest.mark.django_db

# The probe word of each place a word can hide in an article (and the text around it).
FULL_ARTICLE_TITLE = "縦書きレイアウトの設計メモ"
FULL_ARTICLE_LEAD = "読みやすさを左右する行間と字間について整理しました。"
PROBES = {
    "title": "レイアウト",
    "lead": "行間",
    "heading": "段組み",
    "paragraph": "禁則処理",
    "list item": "ルビ",
    "quote": "足跡",
    "quote source": "編集長",
    "markdown": "表計算",
    "callout title": "落とし穴",
    "callout text": "三日前",
    "image caption": "港町",
    "embed caption": "講演会",
    "one kanji": "猫",
    "katakana word": "ワークフロー",
    "Latin word": "Typography",
}
MISSES = ["量子計算", "京都", "犬", "Ruby", "レイアウト変更", "禁則処理 量子計算"]


def full_body(image):
    return [
        ("heading", {"text": "段組みの基本を考える", "level": "h2"}),
        ("paragraph", "<p>日本語の組版では禁則処理が欠かせません。近所の猫が窓辺で寝ている。</p>"),
        (
            "bullet_list",
            {
                "ordered": False,
                "items": ["<p>まずルビの位置を決める</p>", "<p>次に約物を詰める</p>"],
            },
        ),
        ("quote", {"text": "文字は思考の足跡である", "source": "ある雑誌の編集長"}),
        ("markdown", "数値は表計算ソフトで下書きを作る。\n\n```python\nprint('Typography')\n```"),
        (
            "callout",
            {
                "kind": "warning",
                "title": "よくある落とし穴",
                "text": "<p>締め切りの三日前に見直す。</p>",
            },
        ),
        ("image", {"image": image, "alt": "港の写真", "caption": "夕暮れの港町で撮影した写真"}),
        ("embed", {"url": "https://www.youtube.com/watch?v=abc", "caption": "先月の講演会の録画"}),
        ("paragraph", "<p>編集のワークフローを見直した。</p>"),
    ]


@pytest.fixture
def article_index():
    index = ArticleIndexPage(title="記事一覧", slug="search-test-articles")
    HomePage.objects.first().add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_article(article_index):
    """make_article(title, lead="", body=(), days_ago=0, publish=True) -> a saved ArticlePage."""
    counter = iter(range(1, 1000))

    def make(title, lead="リードです。", body=(), days_ago=0, publish=True, slug=None):
        page = ArticlePage(
            title=title,
            slug=slug or f"search-test-{next(counter)}",
            lead=lead,
            body=list(body) or [("paragraph", "<p>本文です。</p>")],
            live=publish,
        )
        article_index.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            moment = timezone.now() - datetime.timedelta(days=days_ago)
            ArticlePage.objects.filter(pk=page.pk).update(first_published_at=moment)
            page.refresh_from_db()
        return page

    return make


@pytest.fixture
def full_article(make_article):
    image = Image.objects.create(title="港", file=get_test_image_file())
    return make_article(FULL_ARTICLE_TITLE, FULL_ARTICLE_LEAD, full_body(image))


@pytest.fixture
def other_article(make_article):
    # Shares 東京 and 都 with no probe; used to check that misses stay misses.
    return make_article("東京の朝ごはん", "駅前の店で食べた朝食の記録です。")


def found_titles(client, query, **params):
    response = client.get("/search/", {"query": query, **params})
    assert response.status_code == 200
    return [hit.article.title for hit in response.context["hits"] or []]


# --------------------------------------------------------------------------- analyser


def test_bigrams_cover_every_word_inside_a_run():
    assert query_text("東京都に住む") == "東京 京都 都に に住 住む"
    assert index_text("黒猫") == "黒 黒猫 猫"  # single kanji too, for one-kanji queries
    assert query_text("Python入門") == "Python 入門"
    assert query_text("ＡＩとｶﾅ") == "AI とカ カナ"  # NFKC: full-width Latin, half-width kana
    assert index_text("コーヒー・ブレイク。") == "コー ーヒ ヒー ブレ レイ イク"


def test_choice_labels_are_not_indexed():
    body = ArticlePage._meta.get_field("body").to_python(
        [{"type": "heading", "value": {"text": "はじめに", "level": "h2"}}]
    )
    assert stream_text(body) == "はじめに"
    assert str(HEADING_LEVELS[0][1]) not in stream_text(body)


# --------------------------------------------------------------------------- hits and misses


@pytest.mark.parametrize("place, word", PROBES.items(), ids=list(PROBES))
def test_a_word_from_inside_a_sentence_finds_the_article(
    client, full_article, other_article, place, word
):
    response = client.get("/search/", {"query": word})
    assert [hit.article.title for hit in response.context["hits"]] == [FULL_ARTICLE_TITLE]
    assert re.search(f"<mark>{word}</mark>", response.content.decode(), re.IGNORECASE)


@pytest.mark.parametrize("word", MISSES)
def test_words_that_are_not_there_find_nothing(client, full_article, other_article, word):
    assert found_titles(client, word) == []


def test_choice_label_words_find_nothing(client, full_article):
    label = str(HEADING_LEVELS[0][1])  # shown to editors only, never to readers
    assert found_titles(client, label) == []


@pytest.mark.parametrize(
    "query",
    ["禁則処理 足跡", "禁則処理\u3000足跡", "  足跡　　禁則処理 ", "ＴＹＰＯＧＲＡＰＨＹ 港町"],
)
def test_several_words_must_all_be_found(client, make_article, full_article, query):
    make_article("別の記事", "こちらにも禁則処理の話がある。")
    assert found_titles(client, query) == [FULL_ARTICLE_TITLE]


def test_mixed_japanese_and_english(client, make_article):
    make_article("解析メモ", "Pythonで形態素解析を試した記録。")
    make_article("別のメモ", "Rubyで文字列を扱う。")
    assert found_titles(client, "Python 形態素") == ["解析メモ"]
    assert found_titles(client, "python形態素解析") == ["解析メモ"]
    assert found_titles(client, "Ruby 形態素") == []


def test_title_ranks_above_lead_above_body(client, make_article):
    make_article("本文だけ", body=[("paragraph", "<p>今朝は珈琲焙煎を試した。</p>")], days_ago=1)
    make_article("リードだけ", lead="週末の珈琲焙煎について。", days_ago=2)
    make_article("珈琲焙煎の記録", days_ago=3)
    assert found_titles(client, "珈琲焙煎") == ["珈琲焙煎の記録", "リードだけ", "本文だけ"]


# --------------------------------------------------------------------------- result page


def test_the_snippet_highlights_the_words_and_escapes_the_text(client, make_article):
    make_article(
        "危険な<b>題名</b>",
        lead='<script>alert("x")</script> 昼の珈琲焙煎 & <img src=x onerror=alert(1)>',
    )
    response = client.get("/search/", {"query": "珈琲焙煎 題名"})
    html = response.content.decode()
    assert "<mark>珈琲焙煎</mark>" in html
    assert "危険な&lt;b&gt;<mark>題名</mark>&lt;/b&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_snippet_shows_the_part_of_a_long_body_with_the_word():
    text = "前置き。" * 100 + "ここで全角のＰｙｔｈｏｎを使う。" + "後書き。" * 100
    html = snippet(text, words_pattern(query_words("python")))
    assert "<mark>Ｐｙｔｈｏｎ</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(unescape(html.replace("<mark>", "").replace("</mark>", ""))) < 200


def test_results_are_paginated(client, make_article):
    for number in range(12):
        make_article(f"記録その{number}", lead="珈琲焙煎の記録。", days_ago=number)
    first = client.get("/search/", {"query": "珈琲焙煎"})
    assert first.context["results"].paginator.count == 12
    assert len(first.context["hits"]) == 10
    assert 'rel="next"' in first.content.decode()
    second = client.get("/search/", {"query": "珈琲焙煎", "page": 2})
    assert [hit.article.title for hit in second.context["hits"]] == ["記録その10", "記録その11"]
    for page in ["99", "abc", "-1", "0"]:
        assert client.get("/search/", {"query": "珈琲焙煎", "page": page}).status_code == 200


def test_promoted_pages_come_first(client, make_article):
    make_article("珈琲焙煎の記録", days_ago=1)
    pinned = make_article("珈琲焙煎機の選び方", lead="機械の話。", days_ago=5)
    draft = make_article("下書きの推薦", publish=False)
    query = Query.get("珈琲焙煎")
    SearchPromotion.objects.create(query=query, page=pinned, sort_order=0, description="入門に")
    SearchPromotion.objects.create(query=query, page=draft, sort_order=1)
    response = client.get("/search/", {"query": "珈琲焙煎"})
    html = response.content.decode()
    assert [promotion.title for promotion in response.context["promotions"]] == [
        "珈琲焙煎機の選び方"
    ]
    assert html.index("入門に") < html.index('class="article-list')
    assert [hit.article.title for hit in response.context["hits"]] == ["珈琲焙煎の記録"]
    assert "下書きの推薦" not in html
    assert query.hits == 1  # counted for the admin's popular searches
    client.get("/search/", {"query": "珈琲焙煎"})
    assert query.hits == 2  # the day's row is updated, not made again


# --------------------------------------------------------------------------- what is not found


def test_unpublished_drafts_and_private_articles_are_not_found(client, make_article):
    make_article("下書きの珈琲焙煎", publish=False)
    unpublished = make_article("取り下げた珈琲焙煎")
    unpublished.unpublish()
    private = make_article("限定公開の珈琲焙煎")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    make_article("公開中の珈琲焙煎")
    assert found_titles(client, "珈琲焙煎") == ["公開中の珈琲焙煎"]


def test_the_index_follows_publishing(client, make_article):
    page = make_article("焙煎日誌", lead="最初は浅煎り。")
    page.lead = "深煎りに変えた。"
    page.save_revision()  # a draft: readers still see (and find) the live text
    assert found_titles(client, "浅煎り") == ["焙煎日誌"]
    assert found_titles(client, "深煎り") == []
    page.get_latest_revision().publish()
    assert found_titles(client, "深煎り") == ["焙煎日誌"]
    assert found_titles(client, "浅煎り") == []


# 1,000 different characters without a space: a thousand different bigrams.
LONG_SENTENCE = "".join(chr(0x4E00 + 7 * number) for number in range(1000))
HOSTILE_QUERIES = [
    "",
    " \u3000 ",
    "！？。、「」",
    "!!! ??? ---",
    "a\x00b",
    "\x1b[31m赤\x07",
    "\ud800東京",
    "東京" * 5000,
    LONG_SENTENCE,
    " ".join(["語"] * 300),
    "' OR 1=1 --",
    "'; DROP TABLE wagtailcore_page; --",
    '"unterminated',
    '"""',
    "<script>alert(1)</script>",
    "AND OR NOT NEAR(a b)",
    "title:珈琲 {title body}: * ^ ( ) : + - \\",
    "東京* 'x':*A & !y | z <-> w",
    "%s %(x)s {0}",
    "🍣🍺",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_odd_queries_never_fail(client, full_article, query):
    response = client.get("/search/", {"query": query.replace("\ud800", "")})
    assert response.status_code == 200


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%00", "%FF%FE", "%E6%9D%B1%E4"])
def test_undecodable_query_strings_never_fail(client, full_article, raw):
    assert client.get(f"/search/?query={raw}").status_code == 200


def test_hostile_queries_are_escaped_in_the_page(client, full_article):
    html = client.get("/search/", {"query": '"><img src=x onerror=alert(1)>'}).content.decode()
    assert "<img src=x" not in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    "query", ["a\x00b", "\ud800東京", '"unterminated', "東京*", "!!!", "((", LONG_SENTENCE * 10]
)
def test_the_backend_itself_accepts_odd_queries(full_article, query):
    backend = get_search_backend()
    assert list(backend.search(query, ArticlePage)) is not None
    assert list(backend.autocomplete(query, ArticlePage)) is not None


# --------------------------------------------------------------------------- admin


@pytest.mark.parametrize("word", ["レイアウト", "行間", "禁則処理", "港町", "猫"])
def test_admin_page_search_finds_words_inside_sentences(
    admin_client, full_article, other_article, word
):
    response = admin_client.get("/admin/pages/search/", {"q": word})
    assert response.status_code == 200
    titles = [page.title for page in response.context["pages"]]
    assert titles == [FULL_ARTICLE_TITLE]


def test_admin_page_search_still_finds_other_pages_by_their_whole_title(
    admin_client, article_index
):
    response = admin_client.get("/admin/pages/search/", {"q": "記事一覧"})
    assert "記事一覧" in [page.title for page in response.context["pages"]]


def test_admin_page_search_finds_drafts(admin_client, make_article):
    make_article("下書きの珈琲焙煎", publish=False)
    response = admin_client.get("/admin/pages/search/", {"q": "珈琲焙煎"})
    assert [page.title for page in response.context["pages"]] == ["下書きの珈琲焙煎"]


@pytest.mark.parametrize(
    "query",
    ["", "a\x00b", '"東京', '"禁則処理"', "!!!", "live:true 行間", "東京" * 5000, LONG_SENTENCE],
)
def test_admin_page_search_survives_odd_queries(admin_client, full_article, query):
    assert admin_client.get("/admin/pages/search/", {"q": query}).status_code == 200


def test_admin_page_search_survives_undecodable_queries(admin_client, full_article):
    assert admin_client.get("/admin/pages/search/?q=%ED%A0%80%00").status_code == 200


def test_admin_quoted_phrase_finds_words_inside_sentences(admin_client, full_article):
    response = admin_client.get("/admin/pages/search/", {"q": '"禁則処理"'})
    assert [page.title for page in response.context["pages"]] == [FULL_ARTICLE_TITLE]


def test_the_configured_backend_is_the_bigram_one():
    assert type(get_search_backend()).__name__.startswith("CJK")
