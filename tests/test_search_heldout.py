"""Spellings no test was written for when the search was built (issue #19): kana for kanji,
other okurigana, long vowel marks, full- and half-width forms, loanwords typed in Latin letters
or katakana. Each finds the article written the other way, on SQLite and PostgreSQL; and two
words close together in the body rank above the same words scattered.
"""

import pytest

from articles.models import ArticlePage
from tests import test_search

pytestmark = pytest.mark.django_db

article_index = test_search.article_index
make_article = test_search.make_article
found_titles = test_search.found_titles

HELD_OUT = [
    # kana for kanji, and back
    ("りんご", "林檎"),
    ("寿司", "すし"),
    # okurigana
    ("取扱い", "取り扱い"),
    ("受付", "受け付け"),
    ("引継ぎ", "引き継ぎ"),
    ("組込み", "組み込み"),
    ("貼付け", "貼り付け"),  # normalised apart by the dictionary: 貼り付け, 張り付け
    ("書込み", "書き込み"),
    # long vowel marks and small kana
    ("コンピュータ", "コンピューター"),
    ("ユーザ", "ユーザー"),
    ("ウインドウ", "ウィンドウ"),
    ("ヴァイオリン", "バイオリン"),
    # full-width and half-width
    ("ﾃﾞｰﾀﾍﾞｰｽ", "データベース"),
    ("ＰＹＴＨＯＮ", "Python"),
    # hiragana for katakana
    ("でーたべーす", "データベース"),
    # loanwords in Latin letters or katakana
    ("server", "サーバー"),
    ("login", "ログイン"),
    ("cache", "キャッシュ"),
]
BOTH_WAYS = [pair for a, b in HELD_OUT for pair in [(a, b), (b, a)]]


def body_with(word):
    return [("paragraph", f"<p>先週の作業では{word}の扱いで少し迷いました。</p>")]


@pytest.mark.parametrize(("written", "typed"), BOTH_WAYS)
def test_a_spelling_nobody_tested_finds_the_article_written_the_other_way(
    client, make_article, written, typed
):
    make_article("作業の記録", "短い記録です。", body_with(written))
    make_article("駅前の朝ごはん", "駅前の店で食べた朝食の記録です。")
    assert found_titles(client, typed) == ["作業の記録"]


# Loanwords the core dictionary does not know in katakana: the project's table
# (search/loanwords.py). One written as two analyser words (マーク ダウン) too.
TABLE_LOANWORDS = [
    ("database", "データベース"),
    ("Database", "ﾃﾞｰﾀﾍﾞｰｽ"),
    ("deploy", "デプロイ"),
    ("markdown", "マークダウン"),
]


@pytest.mark.parametrize(
    ("written", "typed"),
    [pair for a, b in TABLE_LOANWORDS for pair in [(a, b), (b, a)]]
    # Typed in hiragana (an article's hiragana run is one unknown word to the analyser, so
    # only this direction: its bigrams are found by kana, not by the Latin spelling).
    + [("database", "でーたべーす")],
)
def test_a_loanword_of_the_projects_table_finds_the_other_script(
    client, make_article, written, typed
):
    make_article("作業の記録", "短い記録です。", body_with(written))
    make_article("駅前の朝ごはん", "駅前の店で食べた朝食の記録です。")
    assert found_titles(client, typed) == ["作業の記録"]


def test_a_loanword_in_a_title_ranks_first_and_is_highlighted_in_either_script(
    client, make_article
):
    make_article("作業の記録", "短い記録です。", body_with("database"), days_ago=0)  # newer
    make_article("データベースの設計", "短い記録です。", days_ago=30)
    response = client.get("/search/", {"query": "database"})
    hits = response.context["hits"]
    assert [hit.article.title for hit in hits] == ["データベースの設計", "作業の記録"]
    assert "<mark>データベース</mark>" in hits[0].title
    assert "<mark>database</mark>" in hits[1].snippet


def test_a_loanword_does_not_find_unrelated_katakana(client, make_article):
    make_article("作業の記録", "短い記録です。", body_with("サービス"))
    assert found_titles(client, "server") == []


def test_words_close_together_in_the_body_rank_above_the_same_words_scattered(client, make_article):
    far_apart = [
        ("paragraph", "<p>フリーランスになって三年が経ちました。</p>"),
        ("paragraph", "<p>" + "仕事の記録を続けています。" * 20 + "</p>"),
        ("paragraph", "<p>最近は時間管理の本を読みました。</p>"),
    ]
    close = [("paragraph", "<p>今日はフリーランスの時間管理について書きます。</p>")]
    make_article("離れた二語", "短い記録です。", far_apart, days_ago=0)  # newer
    make_article("近い二語", "短い記録です。", close, days_ago=30)
    assert found_titles(client, "フリーランス 時間管理") == ["近い二語", "離れた二語"]
    assert found_titles(client, "時間管理 フリーランス") == ["近い二語", "離れた二語"]
    # Other spellings of the words count too (ふりーらんす → フリーランス).
    assert found_titles(client, "ふりーらんす 時間管理") == ["近い二語", "離れた二語"]


def test_headings_are_stored_as_plain_text_and_rank_above_the_body(client, make_article):
    in_heading = [
        ("heading", {"text": "見積もりの手順", "level": "h2"}),
        ("paragraph", "<p>順に説明します。</p>"),
    ]
    in_body = [("paragraph", "<p>見積もりの手順を順に説明します。</p>")]
    make_article("本文だけ", "短い記録です。", in_body, days_ago=0)  # newer
    article = make_article("見出しにある", "短い記録です。", in_heading, days_ago=30)
    stored = ArticlePage.objects.get(pk=article.pk)
    assert stored.plain_headings == "見積もりの手順"
    assert "順に説明します。" in stored.plain_body
    assert found_titles(client, "見積り") == ["見出しにある", "本文だけ"]
    # The anchor and the level of a heading are not its words.
    assert found_titles(client, "h2") == []


def test_the_migration_fills_the_search_texts_of_articles_saved_before(make_article):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("articles.migrations.0009_search_texts")
    body = [
        ("heading", {"text": "見積もりの手順", "level": "h2"}),
        ("paragraph", "<p>順に説明します。</p>"),
    ]
    article = make_article("古い記事", "短い記録です。", body)
    ArticlePage.objects.filter(pk=article.pk).update(plain_headings="", plain_body="")
    migration.fill_search_texts(apps, None)
    stored = ArticlePage.objects.get(pk=article.pk)
    assert stored.plain_headings == "見積もりの手順"
    assert stored.plain_body == "見積もりの手順\n順に説明します。"
