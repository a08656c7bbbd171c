"""Classes of reader spellings, probed beyond the pairs the search was built for (issue #19):
okurigana, kana for kanji and kanji for kana, katakana the dictionary does not normalise (final
long vowel, ヴ), half-width and full-width forms, Latin letters in any case, misspellings with
the 「もしかして」 suggestion, and queries with particles, quotes, symbols or nothing to search
for. Each spelling finds the article written the other way and nothing else, on SQLite and
PostgreSQL; the spelling the article uses is highlighted.
"""

import pytest

from search.cjk import clean, query_words
from search.variants import loose_katakana
from tests import test_search

pytestmark = pytest.mark.django_db

article_index = test_search.article_index
make_article = test_search.make_article
found_titles = test_search.found_titles

SPELLINGS = {
    "okurigana": [
        ("申込み", "申し込み"),
        ("申込", "申し込み"),
        ("売上", "売り上げ"),
        ("書換え", "書き換え"),
        ("振返り", "振り返り"),
        ("切替え", "切り替え"),
        ("締切", "締め切り"),
        ("呼出し", "呼び出し"),
        ("行なう", "行う"),
    ],
    "kana and kanji": [
        ("わかる", "分かる"),
        ("できる", "出来る"),
        ("ください", "下さい"),
        ("いただく", "頂く"),
        ("ひとつ", "一つ"),  # the dictionary normalises 一つ to 1つ: kanji typed, kana written
        ("ふたつ", "二つ"),
        ("すでに", "既に"),
        ("まとめ", "纏め"),
        ("とりあえず", "取り敢えず"),
        ("オススメ", "お勧め"),
        ("キレイ", "綺麗"),
    ],
    "katakana": [
        ("サーバ", "サーバー"),
        ("メモリ", "メモリー"),  # the dictionary keeps these two apart
        ("リンタ", "リンター"),  # not in the dictionary: one spelling by the rule
        ("バンドラ", "バンドラー"),
        ("スクレイパ", "スクレイパー"),  # the dictionary normalises the second to スクレーパー
        ("ベンダー", "ヴェンダー"),
        ("バリデーション", "ヴァリデーション"),
        ("ﾌﾘｰﾗﾝｽ", "フリーランス"),
        ("ｺﾝﾃﾅ", "コンテナー"),
    ],
    "latin": [
        ("JavaScript", "javascript"),
        ("JavaScript", "ＪａｖａＳｃｒｉｐｔ"),
        ("Python", "パイソン"),
        ("Docker", "ドッカー"),
    ],
    "misspelt katakana": [
        ("シミュレーション", "シュミレーション"),
        ("コミュニケーション", "コミニュケーション"),
        ("エンターテインメント", "エンターテイメント"),
    ],
    # One way: the article writes the first, the reader types the second.
    "compounds without dots, verbs for nouns": [
        ("コーヒー・ブレイク", "コーヒーブレイク"),
        ("ユーザー・インターフェース", "ユーザーインターフェース"),
        ("申し込み", "申し込む"),
        ("見積もり", "見積もる"),
        ("問い合わせ", "問い合わせる"),
        ("見積もった", "見積もり"),  # and the noun for a conjugated verb
        ("申し込んで", "申し込み"),
        ("サーバー", "サ－バ－"),  # a dash or minus typed for the long vowel mark
        ("コンテナー", "コンテナ-"),
    ],
}
ONE_WAY = {"misspelt katakana", "compounds without dots, verbs for nouns"}
BOTH_WAYS = [
    pytest.param(written, typed, id=f"{kind}: {typed} → {written}")
    for kind, pairs in SPELLINGS.items()
    for a, b in pairs
    for written, typed in [(a, b), (b, a)]
    if kind not in ONE_WAY or typed == b
]


def body_with(word):
    return [("paragraph", f"<p>先週の作業では{word}の扱いで少し迷いました。</p>")]


@pytest.fixture
def unrelated(make_article):
    return make_article("駅前の朝ごはん", "駅前の店で食べた朝食の記録です。")


@pytest.mark.parametrize(("written", "typed"), BOTH_WAYS)
def test_each_class_of_spelling_finds_the_article_written_the_other_way(
    client, make_article, unrelated, written, typed
):
    make_article("作業の記録", "短い記録です。", body_with(written))
    assert found_titles(client, typed) == ["作業の記録"]


@pytest.mark.parametrize(
    ("written", "typed"),
    [("ヴェンダー", "ベンダー"), ("スクレイパ", "スクレイパー"), ("一つ", "ひとつ")],
)
def test_the_admin_page_search_finds_the_same_spellings(
    admin_client, make_article, unrelated, written, typed
):
    make_article("作業の記録", "短い記録です。", body_with(written))
    for first, second in [(written, typed), (typed, written)]:
        response = admin_client.get("/admin/pages/search/", {"q": second})
        assert "作業の記録" in [page.title for page in response.context["pages"]], first


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("ベンダー", "ヴェンダー"),
        ("メモリ", "メモリー"),
        ("ひとつ", "一つ"),
        ("スクレイパ", "スクレイパー"),
        ("申し込み", "申し込む"),
        ("問い合わせ", "問い合わせる"),
        ("ユーザー・インターフェース", "ユーザーインターフェース"),
    ],
)
def test_the_spelling_the_article_uses_is_highlighted(client, make_article, written, typed):
    make_article("作業の記録", "短い記録です。", body_with(written))
    (hit,) = client.get("/search/", {"query": typed}).context["hits"]
    assert f"<mark>{written}</mark>" in hit.snippet


# ------------------------------------------------------------------ precision: near misses


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("ビル", "ビール"),  # only a final long vowel is loosened
        ("カレ", "カレー"),  # and only after three characters
        ("コピ", "コピー"),
        ("ベッド", "ベット"),
        ("機械", "機会"),  # kanji typed: not by reading, unless the article wrote kana
        ("ひとり", "一つ"),
        ("サービス", "サーバー"),
    ],
)
def test_near_misses_do_not_match(client, make_article, written, typed):
    make_article("作業の記録", "短い記録です。", body_with(written))
    assert found_titles(client, typed) == []


def test_a_kanji_query_finds_the_word_written_in_kana_but_not_other_readings(client, make_article):
    make_article("かなの記事", "短い記録です。", body_with("きかい"))
    make_article("漢字の記事", "短い記録です。", body_with("機械"))
    assert found_titles(client, "機会") == ["かなの記事"]


def test_the_loose_katakana_rule():
    assert loose_katakana("ヴェンダー") == "ベンダ"
    assert loose_katakana("ヴァヴィヴヴェヴォ") == "バビブベボ"
    assert loose_katakana("メモリー") == "メモリ"
    assert loose_katakana("カレー") == "カレー"
    assert loose_katakana("ビール") == "ビール"


def test_a_dash_is_a_long_vowel_only_right_after_katakana():
    assert clean("サ－バ－とコンテナ-") == "サーバーとコンテナー"
    assert clean("Wi-Fi 2024-12 API-キー") == "Wi-Fi 2024-12 API-キー"


# ------------------------------------------------------------------ misspellings: もしかして


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ディスクトップ", "デスクトップ"),
        ("プラグイング", "プラグイン"),
        ("javscript", "JavaScript"),
        ("Pyhton", "Python"),  # the dictionary keeps Python as パイソン: its spelling counts too
        # katakana for a Latin word no dictionary or table knows: by the consonants
        ("ジャンゴ", "Django"),
        ("ギットハブ", "GitHub"),
        ("ジャバスクリプト", "JavaScript"),
        ("れでぃす", "Redis"),
        ("ワードプレス", "WordPress"),
    ],
)
def test_a_misspelling_that_finds_nothing_suggests_the_indexed_word(
    client, make_article, unrelated, typed, meant
):
    make_article("作業の記録", "短い記録です。", body_with(meant))
    response = client.get("/search/", {"query": typed})
    assert response.context["hits"] == []
    assert response.context["suggestion"] == meant
    assert found_titles(client, meant) == ["作業の記録"]


def test_katakana_suggests_a_latin_word_only_when_it_sounds_the_same(client, make_article):
    make_article("作業の記録", "短い記録です。", body_with("Django"))
    for typed in ["ダンゴ", "ジャズ", "リアクト"]:
        assert client.get("/search/", {"query": typed}).context["suggestion"] is None


# ------------------------------------------------------------------ the shape of the query


@pytest.fixture
def freelance(make_article, unrelated):
    body = [("paragraph", "<p>今日はフリーランスの時間管理について書きます。</p>")]
    return make_article("時間の使い方", "短い記録です。", body)


@pytest.mark.parametrize(
    "query",
    [
        "フリーランス　時間管理",  # full-width space
        "フリーランスの時間管理",
        "フリーランス の 時間管理",  # a particle typed between the words
        "時間管理 を",
        "「時間管理」",
        "『フリーランス』　“時間管理”",
        '"フリーランス" "時間管理"',
        "フリーランス、時間管理。",
        "ﾌﾘｰﾗﾝｽ 時間管理",  # half-width katakana
    ],
)
def test_spaces_particles_quotes_and_symbols_around_words(client, freelance, query):
    assert found_titles(client, query) == ["時間の使い方"]


ONLY_PARTICLES_OR_PUNCTUATION = [
    "の",
    "を",
    "の を は",
    "ー",
    "。",
    "、、、",
    "「」",
    "！？",
    "・・・",
]


@pytest.mark.parametrize("query", ONLY_PARTICLES_OR_PUNCTUATION)
def test_a_query_of_only_particles_or_punctuation_finds_nothing_quietly(client, freelance, query):
    response = client.get("/search/", {"query": query})
    assert response.status_code == 200
    assert response.context["hits"] in ([], None)
    assert response.context["suggestion"] is None


def test_particles_are_neither_searched_nor_highlighted(client, freelance):
    assert query_words("時間管理 を 学ぶ") == ["時間管理", "学ぶ"]
    (hit,) = client.get("/search/", {"query": "時間管理 の"}).context["hits"]
    assert "<mark>の</mark>" not in hit.snippet
    assert "<mark>時間管理</mark>" in hit.snippet


def test_a_very_long_query_is_cut_with_a_notice(client, freelance):
    response = client.get("/search/", {"query": "時間管理 " + "とても長い検索語" * 300})
    assert response.status_code == 200
    assert response.context["notice"]
    assert response.context["hits"] == []
