"""Loanwords written in Latin letters that the core dictionary does not know in katakana.

SudachiPy's core dictionary gives `server` its katakana (サーバー), so an article that writes
one is found by the other (search/variants.py). For the words below it gives nothing, and
`database` would never find データベース. The table is the project's own, kept small and
checked in: nothing is built at install time, and a fresh clone searches the same way.

Add a word when readers write it both ways and the dictionary has only one; the katakana is
the spelling the dictionary analyses as one word (`python -c` with japanese.analysis.forms
shows it). After a change, run `manage.py update_index` and `manage.py search_vocabulary`.
"""

import re

LOANWORDS = {
    "backend": "バックエンド",
    "database": "データベース",
    "deploy": "デプロイ",
    "endpoint": "エンドポイント",
    "frontend": "フロントエンド",
    "markdown": "マークダウン",
    "middleware": "ミドルウェア",
    "migration": "マイグレーション",
    "plugin": "プラグイン",
    "podcast": "ポッドキャスト",
    "refactoring": "リファクタリング",
    "startup": "スタートアップ",
    "timeout": "タイムアウト",
    "token": "トークン",
    "upload": "アップロード",
    "webhook": "ウェブフック",
}


def katakana_for(latin):
    """The table's katakana for a word in Latin letters (any case), or ""."""
    return LOANWORDS.get(latin.casefold(), "")


# --------------------------------------------------------------------------- sound skeletons
# For a loanword no table or dictionary knows (ジャンゴ typed, Django written), the 「もしかして」
# suggestion compares the consonants both spellings sound with: katakana and Latin letters
# each reduced to a rough consonant outline (ジャバスクリプト and javascript → jbskrpt).
# A rough rule, used only to suggest a word of the index, never to match.

KANA_CONSONANTS = {
    **dict.fromkeys("カキクケコ", "k"),
    **dict.fromkeys("ガギグゲゴ", "g"),
    **dict.fromkeys("サシスセソ", "s"),
    **dict.fromkeys("ザズゼゾヅ", "z"),
    **dict.fromkeys("ジヂ", "j"),
    **dict.fromkeys("タチツテト", "t"),
    **dict.fromkeys("ダデド", "d"),
    **dict.fromkeys("ナニヌネノン", "n"),
    **dict.fromkeys("ハヒヘホ", "h"),
    "フ": "f",
    **dict.fromkeys("バビブベボヴ", "b"),
    **dict.fromkeys("パピプペポ", "p"),
    **dict.fromkeys("マミムメモ", "m"),
    **dict.fromkeys("ラリルレロ", "r"),
    **dict.fromkeys("ワヰヱ", "w"),
}
# Latin spellings katakana writes with one sound; an r not before a vowel is a long vowel
# in katakana (server → サーバー) and goes.
LATIN_SOUNDS = [
    (r"ph", "f"),
    (r"ck|q", "k"),
    (r"dj", "j"),
    (r"sh", "s"),
    (r"ch", "t"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"x", "ks"),
    (r"v", "b"),
    (r"r(?![aeiouy])", ""),
    (r"l", "r"),
    (r"[aeiouy]", ""),
]
MIN_SKELETON = 3


def _collapsed(letters):
    return re.sub(r"(.)\1+", r"\1", letters)


def kana_skeleton(katakana):
    """The consonants of a word in katakana: ウィ, ウェ, ウォ count as w."""
    katakana = re.sub("ウ(?=[ィェォ])", "ワ", katakana)
    return _collapsed("".join(KANA_CONSONANTS.get(char, "") for char in katakana))


def latin_skeletons(latin):
    """The consonant outlines of a Latin word, th read both ways (Python: s; GitHub: t h)."""
    outlines = set()
    for spelling in {latin.casefold().replace("th", "s"), latin.casefold()}:
        for pattern, sound in LATIN_SOUNDS:
            spelling = re.sub(pattern, sound, spelling)
        outlines.add(_collapsed(re.sub("[^a-z]", "", spelling)))
    return {outline for outline in outlines if len(outline) >= MIN_SKELETON}
