"""Loanwords written in Latin letters that the core dictionary does not know in katakana.

SudachiPy's core dictionary gives `server` its katakana (サーバー), so an article that writes
one is found by the other (search/variants.py). For the words below it gives nothing, and
`database` would never find データベース. The table is the project's own, kept small and
checked in: nothing is built at install time, and a fresh clone searches the same way.

Add a word when readers write it both ways and the dictionary has only one; the katakana is
the spelling the dictionary analyses as one word (`python -c` with japanese.analysis.forms
shows it). After a change, run `manage.py update_index` and `manage.py search_vocabulary`.
"""

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
