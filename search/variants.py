"""Other spellings of the same words, from the morphological analyser (japanese/analysis.py),
indexed and searched ON TOP of the character bigrams of search/cjk.py.

Readers and authors write one word many ways: 見積り/見積もり, 子供/子ども, ふりーらんす/
フリーランス, シュミレーション/シミュレーション. Sudachi gives each word a normalised form (one
spelling for the variants) and a reading. Each Japanese word of a text is therefore also
indexed as two whole tokens: its normalised form with hiragana folded to katakana (見積り →
見積モリ) and its reading (子ども → コドモ), and so is each pair of adjacent words. A query
word matches if its bigrams are found (as today: inside words too) OR its normalised tokens
are, OR, for a word typed in kana only, its readings. Readings are not used for words typed
with kanji: 機械 must not find 機会.

Whole tokens, not bigrams: the bigrams of folded readings are so common (ツマ, マズ, ズキ) that
any long article has them all somewhere. Each token is indexed once per field, and only if the
bigrams do not already hold it.
"""

import re
import unicodedata
from functools import lru_cache

from japanese.analysis import fold_kana, forms

from .cjk import KANJI_CHAR, has_cjk, index_text
from .loanwords import katakana_for

MAX_TOKENS_PER_FORM = 16
# Two content words count as close together (a pair token) when at most this many particles
# or auxiliaries stand between them, in one run of Japanese text: フリーランスの時間管理.
MAX_LINKING_WORDS = 2
# A run of hiragana with a long-vowel mark is most likely a loanword written in hiragana
# (ふりーらんす): the analyser only knows it in katakana, so its katakana bigrams are indexed.
# Runs are found whole and then checked for the mark: a pattern with the mark in the middle
# ("[…]*ー[…]*") backtracks through every run without one, quadratic in its length (100 KB of
# hiragana held a worker for half a minute when an article was saved).
HIRAGANA_RUN = re.compile("[\u3041-\u3096ー]+")


def is_hiragana_loanword(run):
    """A run of hiragana (and long-vowel marks) that has at least one mark, not only marks."""
    return "ー" in run and bool(run.strip("ー"))


def hiragana_loanwords(text):
    return [run for run in HIRAGANA_RUN.findall(text) if is_hiragana_loanword(run)]


# Particles, auxiliary verbs and symbols (の, を, た) are left out of the tokens: the bigrams
# have them, and as tokens or in pairs they would double the index for nothing anyone types.
FUNCTION_WORDS = {"助詞", "助動詞", "補助記号", "空白"}


def loanword(word):
    """The katakana the dictionary gives a word written in Latin letters (server → サーバー,
    password → パスワード), else the project's table's (database → データベース), or "":
    readers type either."""
    for form in (word.normalized, word.reading):
        if has_cjk(form):
            return fold_kana(form)
    return katakana_for(word.surface)


@lru_cache(maxsize=8)  # a long body's words take megabytes
def japanese_words(text):
    """The Japanese words of a text, and the Latin words the dictionary knows in katakana
    (kept for the few calls that analyse the same text: the fields of one article, then its
    vocabulary)."""
    return tuple(word for word in forms(text) if has_cjk(word.surface) or loanword(word))


def content_words(words):
    return [word for word in words if word.word_class not in FUNCTION_WORDS]


KATAKANA_LETTERS = "\u30a1-\u30fa\u30fc"  # with the long vowel mark, without the middle dot
KATAKANA_WORD = re.compile(f"[{KATAKANA_LETTERS}]+")
# ヴ sounds written with バ行 kana: the dictionary normalises the words it knows (ヴァイオリン)
# but not the others (ヴェンダー, ヴァリデーション).
V_SOUNDS = re.compile("ヴ[ァィェォ]?")
V_TO_B = {"ヴ": "ブ", "ヴァ": "バ", "ヴィ": "ビ", "ヴェ": "ベ", "ヴォ": "ボ"}
# A final long vowel after three characters or more, the ending style guides disagree on
# (メモリ / メモリー, リンタ / リンター); shorter words keep it (カレー, コピー: not カレ, コピ).
# Checked with rstrip, not a pattern: "ー+$" retried at each mark of a long run is quadratic.
MIN_STEM_BEFORE_LONG_VOWEL = 3


def loose_katakana(text):
    """One spelling for katakana the dictionary does not normalise: ヴェンダー and ベンダー →
    ベンダ, リンター and リンタ → リンタ. Applied to every normalised form, in the index and in
    queries, so both sides meet."""
    text = V_SOUNDS.sub(lambda sound: V_TO_B[sound[0]], text)
    stem = text.rstrip("ー")
    last_letters = stem[-MIN_STEM_BEFORE_LONG_VOWEL:]
    if len(last_letters) == MIN_STEM_BEFORE_LONG_VOWEL and KATAKANA_WORD.fullmatch(last_letters):
        return stem
    return text


def normalised(word):
    """One spelling for a word's variants, hiragana folded: 見積り and 見積もり → 見積モリ;
    server and サーバ → サーバ; ヴェンダー → ベンダ."""
    if not has_cjk(word.surface):
        return loose_katakana(loanword(word))
    return loose_katakana(fold_kana(word.normalized))


def reading(word):
    return word.reading


def katakana_spelling(word):
    """A katakana word as written, loosened (スクレイパー → スクレイパ), or "": the dictionary
    normalises some known words to a third spelling (スクレーパー) that the unknown variant
    written in an article never reaches."""
    surface = unicodedata.normalize("NFKC", word.surface)
    return loose_katakana(surface) if KATAKANA_WORD.fullmatch(surface) else ""


# Shorter hiragana words are bigrams, already in the index, and found almost everywhere
# (こと, とき): only words of three kana or more are matched for a query typed in kanji.
MIN_KANA_SPELLING = 3
KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def hiragana_of(reading):
    return reading.translate(KATAKANA_TO_HIRAGANA)


def kana_spellings(words):
    """The content words written in hiragana only, and two such words written together
    (ひと + つ → ひとつ), as whole tokens: a query typed in kanji (一つ, 既に) finds them by
    its reading in hiragana, while readings of words written in kanji stay apart (機械 does
    not find 機会)."""
    spellings, previous = [], None
    for word in words:
        if word.word_class in FUNCTION_WORDS or not HIRAGANA_RUN.fullmatch(word.surface):
            previous = None
            continue
        spellings.append(word.surface)
        if previous is not None and previous.end == word.begin:
            spellings.append(previous.surface + word.surface)
        previous = word
    return [spelling for spelling in spellings if len(spelling) >= MIN_KANA_SPELLING]


def kana_spelling_of_query(words):
    """The reading in hiragana of a word typed with kanji (一つ → ひとつ), or ""."""
    spelling = hiragana_of("".join(word.reading for word in words))
    return spelling if len(spelling) >= MIN_KANA_SPELLING else ""


def kanji_with_reading(word):
    """A word written with kanji and kana, as its kanji and its reading (貼り付け and 貼付け →
    貼付ハリツケ), or "": two spellings that differ only in okurigana meet here even when the
    dictionary normalises them apart (貼り付け → 張り付け, 貼付け → 貼り付け). Same kanji and same
    reading: 機械 and 機会 stay apart."""
    kanji = "".join(KANJI_CHAR.findall(word.surface))
    return kanji + word.reading if kanji and kanji != word.surface else ""


def ends_in_kana(word):
    return HIRAGANA_RUN.fullmatch(word.surface[-1:]) is not None


STEM_CLASSES = {"名詞", "動詞"}
# A stem of one kana (行った → 行イ) would meet other words' normalised forms (行い → 行イ).
MIN_STEM_READING = 2


def kanji_stem(word):
    """A noun or verb ending in kana as its kanji and its reading without the last kana, or "":
    where a verb and the noun made from it meet, in any form (申し込む, 申し込み, 申し込んだ →
    申込モウシコ; 見積もり, 見積もった → 見積ミツモ), or at the noun's whole kanji_with_reading
    (問い合わせる → 問合トイアワセ, 問い合わせ)."""
    if word.word_class not in STEM_CLASSES or not ends_in_kana(word):
        return ""
    stem = kanji_with_reading(word)[:-1]
    kanji = KANJI_CHAR.findall(word.surface)
    return stem if len(stem) - len(kanji) >= MIN_STEM_READING else ""


def _pairs(words, token):
    """The tokens of each two content words close together joined (分カル易イ, and
    フリーランス時間 from フリーランスの時間管理): next to each other, or linked by a particle or
    two, in one run of Japanese text (punctuation, a space or a Latin word ends the run). A
    query of several analyser words needs its pairs, so that words far apart in a text do not
    match it; two query words close together in an article rank higher (search/views.py)."""
    pairs, previous, linking, end = [], None, 0, None
    for word in words:
        if word.begin != end:
            previous, linking = None, 0
        end = word.end
        if word.word_class in FUNCTION_WORDS:
            linking += 1
            continue
        if previous is not None and linking <= MAX_LINKING_WORDS:
            pairs.append(token(previous) + token(word))
        previous, linking = word, 0
    return pairs


def _tokens(words, token):
    return [token(word) for word in content_words(words)] + _pairs(words, token)


# Katakana words joined by middle dots (ユーザー・インターフェース), which end a run of Japanese:
# readers type the compound without them. Runs of letters and dots are found whole (one
# character class: no backtracking), then checked for a dot inside.
KATAKANA_WITH_DOTS = re.compile(f"[{KATAKANA_LETTERS}・]+")


def undotted_compounds(text):
    """The tokens of each dotted katakana compound written without its dots."""
    tokens = []
    for run in KATAKANA_WITH_DOTS.findall(unicodedata.normalize("NFKC", text)):
        compound = run.strip("・")
        if "・" in compound:
            # forms(), not the cached japanese_words(): a body's own words must stay cached.
            tokens += _tokens(forms(compound.replace("・", "")), normalised)
    return tokens


def variant_tokens(text):
    """The normalised forms and readings of the Japanese words of a text, each once."""
    words = japanese_words(text)
    tokens = _tokens(words, normalised) + _tokens(words, reading)
    tokens += [kanji_with_reading(word) for word in content_words(words)]
    tokens += [katakana_spelling(word) for word in content_words(words)]
    tokens += [kanji_stem(word) for word in content_words(words)]
    tokens += kana_spellings(words)
    tokens += undotted_compounds(text)
    for run in hiragana_loanwords(text):
        tokens += index_text(fold_kana(run)).split()  # bigrams of a short run: no scatter
    return dict.fromkeys(token for token in tokens if token)


def index_text_with_variants(text):
    """index_text(text), then the variant tokens that its bigrams do not already hold."""
    surface = index_text(text)
    if not has_cjk(text):
        return surface
    seen = set(surface.split())
    return " ".join([surface, *(token for token in variant_tokens(text) if token not in seen)])


def _form(words, token):
    content = content_words(words)
    tokens = _pairs(words, token) if len(content) > 1 else [token(word) for word in content]
    tokens = [found for found in tokens if found]
    return " ".join(list(dict.fromkeys(tokens))[:MAX_TOKENS_PER_FORM])


def typed_words(word):
    """The analyser's words for a word typed by a reader; hiragana with a long vowel mark
    (ふりーらんす, でーたべーす) is a loanword, read as katakana: as hiragana, the analyser
    would make particles and verbs of it (で, 食べる)."""
    if HIRAGANA_RUN.fullmatch(word) and is_hiragana_loanword(word):
        return japanese_words(fold_kana(word))
    return japanese_words(word)


def query_forms(word):
    """The other forms of one query word, each a list of tokens that must all be found."""
    words = typed_words(word)
    found = [_form(words, normalised)]
    content = content_words(words)
    if len(content) == 1:
        found.append(kanji_with_reading(content[0]))
        found.append(katakana_spelling(content[0]))
        found.append(kanji_stem(content[0]))
    if KANJI_CHAR.search(word):
        found.append(kana_spelling_of_query(words))
    else:
        # Kana only: the analyser knows loanwords in katakana (ふりーらんす → フリーランス),
        # and the reading finds the word written with kanji (こども → 子供, 子ども).
        found.append(_form(japanese_words(fold_kana(word)), normalised))
        found.append(_form(words, reading))
    return [form for form in dict.fromkeys(found) if form and form != word]


def near_tokens(words):
    """The pair tokens an article's index holds when two words typed one after the other stand
    close together in it (see _pairs), in either order: フリーランス 時間管理 →
    フリーランス時間 (フリーランスの時間管理) or 管理フリーランス."""
    analysed = [content_words(typed_words(word)) for word in words]
    tokens = []
    for first, second in zip(analysed, analysed[1:], strict=False):
        if first and second:
            tokens.append(normalised(first[-1]) + normalised(second[0]))
            tokens.append(normalised(second[-1]) + normalised(first[0]))
    return [token for token in dict.fromkeys(tokens) if token]
