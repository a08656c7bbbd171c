"""A tiny CJK analyser for Wagtail's database search backends: overlapping character bigrams.

Japanese has no spaces between words, so SQLite's FTS5 tokenizer and PostgreSQL's text-search
parser both take a whole run of kana and kanji as one token: a word from inside a sentence can
never match. Splitting each run into overlapping pairs of characters ("東京都" -> "東京 京都")
when indexing AND when querying turns "find this word" into "find all its bigrams", which any
word tokenizer can do. It is what Lucene's CJKBigramFilter does, without a dictionary.

Kanji are also indexed one by one, so that a one-kanji word (猫, 本) can be found. Everything
that is not kana or kanji is left as it is, for the database's own tokenizer (node.js, C++).
"""

import re
import unicodedata

KANJI = "\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Kana without the middle dot (U+30FB), which separates words: コーヒー・ブレイク.
KANA = "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff"
CJK_RUN = re.compile(f"[{KANA}{KANJI}]+")
KANJI_CHAR = re.compile(f"[{KANJI}]")
# Non-ASCII characters that are not part of a word (「」。、・…, emoji, control characters)
# become spaces; ASCII punctuation stays, as the database tokenizers know what to do with it.
# The double quote goes too: it is FTS5's phrase syntax.
SEPARATOR = re.compile(r"[^\w\x20-\x21\x23-\x7e]")


# A dash or minus typed for the long vowel mark right after katakana (サ－バ－, サ-バ-: the
# keys are next to each other, and some fonts draw them alike).
DASH_AS_LONG_VOWEL = re.compile("(?<=[\u30a1-\u30fa])[-\u2010-\u2015\u2212]")


def clean(text):
    """NFKC (full-width Ａ１ -> A1, half-width ｶﾅ -> カナ), a dash after katakana as the long
    vowel mark, and separators as spaces."""
    text = DASH_AS_LONG_VOWEL.sub("ー", unicodedata.normalize("NFKC", text))
    return SEPARATOR.sub(" ", text)


def has_cjk(text):
    return CJK_RUN.search(text) is not None


def _run_grams(run, with_kanji):
    if len(run) == 1:
        return [run]
    grams = []
    for position, char in enumerate(run):
        if with_kanji and KANJI_CHAR.match(char):
            grams.append(char)
        if position + 1 < len(run):
            grams.append(run[position : position + 2])
    return grams


def _bigrams(text, with_kanji):
    return " ".join(
        CJK_RUN.sub(
            lambda run: f" {' '.join(_run_grams(run[0], with_kanji))} ", clean(text)
        ).split()
    )


def index_text(text):
    """The text as it goes into the search index: CJK runs as bigrams plus single kanji."""
    return _bigrams(text or "", with_kanji=True)


def query_text(text):
    """The text of a query: only bigrams, all of which must be found (a one-character run is
    kept as it is and matches the single kanji of the index)."""
    return _bigrams(text or "", with_kanji=False)


LONE_KANA = re.compile(f"[{KANA}]")


def is_lone_kana(word):
    """A query word of one kana (の, を, は typed between words): the index holds single kanji
    but not single kana, so such a word could only make the whole search find nothing."""
    return LONE_KANA.fullmatch(word) is not None


def query_words(text, limit=10):
    """The distinct words a reader typed, for ranking and highlighting (not for matching)."""
    words = []
    for word in clean(text).split():
        word = word.strip("!$%&'()*,-./:;<=>?@[\\]^`{|}~")  # keeps C++ and C#
        if is_lone_kana(word):
            continue
        if word and word.casefold() not in {seen.casefold() for seen in words}:
            words.append(word)
    return words[:limit]
