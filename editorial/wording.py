"""One spelling per word in the Japanese admin: the words Wagtail's own catalogue writes two
ways or awkwardly, and a check over every message the admin can show.

The fixes themselves are entries of locale_overrides/ja (reviewed by hand); `findings()` lists
every Wagtail message whose Japanese, as Django really serves it, still breaks a rule, so a
Wagtail upgrade that brings new wording fails the test that calls it and names the message.
"""

import re
from dataclasses import dataclass

from .coverage import effective_catalogue, translation_of, wagtail_source_catalogues
from .po import parse

# pattern -> what to write instead (the project's one spelling, or the plain phrase).
RULES = {
    r"ユーザ(?!ー)": "ユーザー",
    r"ユーザーネーム": "ユーザー名",
    r"リビジョン": "版",
    r"改定": "版",
    r"調整のために提出": "レビューに提出",
    r"ログエントリー": "操作履歴",
    r"プロモーションを検索|プロモーション検索": "検索のおすすめ",
}


@dataclass
class Finding:
    domain: str
    msgid: str
    translation: str
    pattern: str


def findings(language="ja"):
    found = []
    catalogues = {}
    for _app, domain, path in wagtail_source_catalogues():
        catalogue = catalogues.setdefault(domain, effective_catalogue(domain, language))
        for entry in parse(path):
            text = translation_of(catalogue, entry)
            if not text:
                continue
            for pattern in RULES:
                if re.search(pattern, text):
                    found.append(Finding(domain, entry.msgid, text, pattern))
    return found
