"""The proofreading rules. Each takes a Document and returns Findings; none changes the text.

Words come from SudachiPy (japanese/analysis.py): its normalised form ties the spellings of
one word together (引っ越し/引越し, サーバー/サーバ), its parts of speech find particles
and auxiliaries."""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cache, cached_property

from django.conf import settings
from django.utils.translation import gettext as _

from japanese.analysis import morphemes

from .text import sentences

HALF_WIDTH_KANA = re.compile(r"[\uff66-\uff9f]+")
FULL_WIDTH_ALNUM = re.compile(r"[Ａ-Ｚａ-ｚ０-９]+")
PARTICLES = {"が", "を", "に", "で", "と", "の", "は", "へ", "も", "や", "から", "まで", "より"}
CONTENT_WORDS = {"名詞", "動詞", "形容詞", "副詞"}
POLITE, PLAIN = "polite", "plain"


@dataclass(frozen=True)
class Finding:
    offset: int
    rule: str
    message: str


class Document:
    def __init__(self, text):
        self.text = text
        self.sentences = sentences(text)

    @cached_property
    def words(self):
        """(sentence, its morphemes with offsets in the whole text) for each sentence."""
        return [(s, [shift(m, s.begin) for m in morphemes(s.text)]) for s in self.sentences]


def shift(morpheme, by):
    return replace(morpheme, begin=morpheme.begin + by, end=morpheme.end + by)


def over_limit(document, rule, measure, limit, message):
    """A finding for each sentence whose `measure` is over `limit`."""
    return [
        Finding(s.begin, rule, message % {"count": count, "limit": limit})
        for s in document.sentences
        if (count := measure(s.text)) > limit
    ]


def long_sentences(document):
    return over_limit(
        document,
        "long-sentence",
        lambda sentence: len(sentence.strip()),
        getattr(settings, "PROOFREADING_MAX_SENTENCE_LENGTH", 100),
        _("This sentence is %(count)d characters long (more than %(limit)d)."),
    )


def too_many_commas(document):
    return over_limit(
        document,
        "too-many-commas",
        lambda sentence: sentence.count("、"),
        getattr(settings, "PROOFREADING_MAX_COMMAS", 3),
        _("This sentence has %(count)d 「、」 (more than %(limit)d)."),
    )


def predicate(words):
    """The sentence's last words before its punctuation and final particles (か, ね, よ)."""
    ending = list(words)
    while ending and (
        ending[-1].part_of_speech[0] in ("補助記号", "空白")
        or ending[-1].part_of_speech[1] == "終助詞"
    ):
        ending.pop()
    return ending[-2:]


def sentence_style(words):
    """POLITE (です・ます), PLAIN (だ・である, or a verb or adjective ending the sentence)
    or None (a heading, a noun ending: no style to compare)."""
    ending = predicate(words)
    if not ending:
        return None
    last = ending[-1]
    if last.part_of_speech[0] == "助動詞" and last.dictionary_form == "た" and len(ending) == 2:
        last = ending[0]  # 行きました → ます, 行った → 行く
    if last.part_of_speech[0] == "助動詞":
        if last.dictionary_form in ("です", "ます"):
            return POLITE
        return PLAIN if last.dictionary_form == "だ" else None
    if last.part_of_speech[0] in ("動詞", "形容詞") and last.part_of_speech[5].startswith(
        ("終止形", "連用形")
    ):
        return PLAIN
    return None


def mixed_style(document):
    styles = [(s, sentence_style(words)) for s, words in document.words]
    counts = Counter(style for _s, style in styles if style)
    if len(counts) < 2:
        return []
    main = POLITE if counts[POLITE] >= counts[PLAIN] else PLAIN
    message = (
        _("「だ・である」 in an article written in 「です・ます」.")
        if main == POLITE
        else _("「です・ます」 in an article written in 「だ・である」.")
    )
    return [
        Finding(s.begin, "mixed-style", message)
        for s, style in styles
        if style and style != main
    ]


def spelling_variants(document):
    """Report the rarer spellings of a word that the article also writes another way."""
    spellings = defaultdict(Counter)
    places = defaultdict(list)
    for _s, words in document.words:
        for word in words:
            # Half-width kana and full-width letters have rules of their own.
            surface = word.surface
            odd_width = HALF_WIDTH_KANA.search(surface) or FULL_WIDTH_ALNUM.search(surface)
            if word.part_of_speech[0] in CONTENT_WORDS and not odd_width:
                # The conjugation type keeps 書ける (potential, 下一段) apart from 書く (五段).
                word_key = (word.normalized, word.part_of_speech[4])
                spellings[word_key][word.dictionary_form] += 1
                places[(word_key, word.dictionary_form)].append(word.begin)
    findings = []
    for word_key, counter in spellings.items():
        if len(counter) < 2:
            continue
        main = counter.most_common(1)[0][0]
        for spelling in counter:
            if spelling == main:
                continue
            message = _("「%(spelling)s」 is also written 「%(main)s」 in this article.") % {
                "spelling": spelling,
                "main": main,
            }
            at = places[(word_key, spelling)]
            findings += [Finding(begin, "spelling-variant", message) for begin in at]
    return findings


def doubled_particles(document):
    message = _("The particle 「%(particle)s」 is written twice.")
    findings = []
    for _s, words in document.words:
        for before, word in zip(words, words[1:], strict=False):
            # Sudachi sometimes tags the second one otherwise (「でで」: 助詞 + 接続詞).
            doubled = word.surface == before.surface and word.surface in PARTICLES
            if doubled and before.part_of_speech[0] == "助詞":
                particle = {"particle": word.surface}
                findings.append(Finding(before.begin, "doubled-particle", message % particle))
    return findings


@cache
def conjugation(verb):
    """The conjugation type of a verb in its dictionary form: 五段-ラ行, 上一段-マ行, …"""
    found = morphemes(verb)
    return found[0].part_of_speech[4] if len(found) == 1 else ""


def is_ra_nuki(word):
    """見れる, 食べれる, 来れる: the potential of an 一段 verb or 来る without 「ら」."""
    base = word.normalized
    if word.part_of_speech[0] != "動詞" or not base.endswith("る"):
        return False
    if word.dictionary_form != base[:-1] + "れる":
        return False
    return conjugation(base).startswith(("上一段", "下一段", "カ行変格"))


def ra_nuki(document):
    message = _("「%(word)s」 drops the 「ら」: write 「%(correct)s」.")
    return [
        Finding(
            word.begin,
            "ra-nuki",
            message % {"word": word.surface, "correct": word.normalized[:-1] + "られる"},
        )
        for _s, words in document.words
        for word in words
        if is_ra_nuki(word)
    ]


def matches(document, pattern, rule, message):
    """A finding for each run of characters that `pattern` matches in a sentence."""
    return [
        Finding(s.begin + m.start(), rule, message % {"text": m.group()})
        for s in document.sentences
        for m in pattern.finditer(s.text)
    ]


def half_width_kana(document):
    message = _("Half-width katakana 「%(text)s」: use full-width katakana.")
    return matches(document, HALF_WIDTH_KANA, "half-width-kana", message)


def full_width_alphanumerics(document):
    message = _("Full-width letters or digits 「%(text)s」: use half-width ones.")
    return matches(document, FULL_WIDTH_ALNUM, "full-width-alnum", message)


RULES = [
    long_sentences,
    mixed_style,
    spelling_variants,
    doubled_particles,
    ra_nuki,
    half_width_kana,
    full_width_alphanumerics,
    too_many_commas,
]
