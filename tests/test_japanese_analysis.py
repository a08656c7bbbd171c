"""The shared morphological analyser: one spelling for variants, readings, long texts."""

from japanese.analysis import PIECE_CHARACTERS, fold_kana, morphemes


def test_variants_share_one_normalised_form():
    pairs = [
        ("見積り", "見積もり"),
        ("引越し", "引っ越し"),
        ("打合せ", "打ち合わせ"),
        ("子供", "子ども"),
    ]
    for one, other in pairs:
        assert [m.normalized for m in morphemes(one)] == [m.normalized for m in morphemes(other)]


def test_offsets_point_into_the_text():
    text = "引越しの見積りをお願いします。"
    for word in morphemes(text):
        assert text[word.begin : word.end] == word.surface


def test_a_text_longer_than_sudachi_accepts_is_analysed_whole():
    line = "サーバーの設定を見直しました。\n"
    text = line * (PIECE_CHARACTERS // len(line) * 5)
    words = morphemes(text)
    assert words[-1].end == len(text)
    assert text[words[-1].begin : words[-1].end] == words[-1].surface


def test_fold_kana_makes_hiragana_katakana_and_half_width_full():
    assert fold_kana("ふりーらんす") == "フリーランス"
    assert fold_kana("ｻｰﾊﾞｰ ＡＢＣ") == "サーバー ABC"
