"""The index's own vocabulary (search.models.Term): the nouns of the published articles with
their normalised forms and readings, recorded when an article is saved (search/apps.py).

Used for two things a bigram index cannot do: highlighting the spelling the article uses when
the reader typed another (見積り typed, 見積もり highlighted), and suggesting what was probably
meant when a search finds nothing (「もしかして」): the word of the vocabulary whose reading or
normalised form is closest (edit distance) to what was typed.
"""

import re

from django.db.models import Q
from django.db.models.functions import Length

from japanese.analysis import fold_kana

from .cjk import KANJI_CHAR, has_cjk
from .loanwords import MIN_SKELETON, kana_skeleton, latin_skeletons
from .models import Term
from .variants import (
    KATAKANA_WORD,
    japanese_words,
    kana_spelling_of_query,
    kanji_stem,
    katakana_spelling,
    normalised,
)

MAX_WORD = Term._meta.get_field("surface").max_length
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.+#-]{2,}")
MAX_HIGHLIGHT_VARIANTS = 20
LONG_SKELETON = 5  # consonants from which one may differ (ジャバスクリプト / javascript)


def _is_noun(word):
    return word.word_class == "名詞" and word.sub_class != "数詞"


def terms_of(text):
    """Term rows for the nouns of a text (two characters or more), Japanese and Latin."""
    terms = {}
    for word in japanese_words(text):
        if _is_noun(word) and 2 <= len(word.surface) <= MAX_WORD and word.reading:
            terms[word.surface] = Term(
                surface=word.surface,
                normalized=normalised(word)[:MAX_WORD],
                reading=word.reading[:MAX_WORD],
                length=len(word.reading),
            )
    for latin in LATIN_WORD.findall(text):
        key = latin.casefold()[:MAX_WORD]
        terms.setdefault(
            latin, Term(surface=latin[:MAX_WORD], normalized=key, reading=key, length=len(key))
        )
    return list(terms.values())


def record_words(texts):
    """Adds the nouns of the texts to the vocabulary (words already there are left as they are)."""
    terms = {term.surface: term for text in texts for term in terms_of(text)}
    Term.objects.bulk_create(terms.values(), ignore_conflicts=True, batch_size=500)


def _keys(word):
    """(normalised forms, readings) that stand for a query word of one analyser word."""
    if not has_cjk(word):
        # A loanword's katakana too (server → サーバー): the articles may write either.
        katakana = {normalised(found) for found in japanese_words(word)}
        return {word.casefold(), *katakana} - {""}, set()
    candidates = [japanese_words(word)]
    if not KANJI_CHAR.search(word):
        candidates.append(japanese_words(fold_kana(word)))
    forms = {normalised(found[0]) for found in candidates if len(found) == 1}
    forms |= {katakana_spelling(found[0]) for found in candidates if len(found) == 1} - {""}
    readings = {found[0].reading for found in candidates if len(found) == 1}
    return forms, readings if not KANJI_CHAR.search(word) else set()


def kana_spelling(word):
    """A word typed with kanji as it may be written in hiragana (一つ → ひとつ), as a list."""
    if not KANJI_CHAR.search(word):
        return []
    spelling = kana_spelling_of_query(japanese_words(word))
    return [spelling] if spelling else []


def verb_stem(word):
    """(kanji, reading without the last kana) of a verb typed alone (申し込む → 申込, モウシコ),
    or None: the nouns made from it (申し込み, 問い合わせ) start with that reading."""
    found = japanese_words(word)
    if len(found) != 1 or found[0].word_class != "動詞" or not kanji_stem(found[0]):
        return None
    return "".join(KANJI_CHAR.findall(word)), found[0].reading[:-1]


def _is_noun_of(surface, reading, stem):
    kanji, stem_reading = stem
    return "".join(KANJI_CHAR.findall(surface)) == kanji and reading.startswith(stem_reading)


def spelling_groups(words):
    """{typed word: [the word, then its other spellings found in the articles]}, one query."""
    keys = {word: _keys(word) for word in words}
    stems = {word: verb_stem(word) for word in words}
    condition = Q()
    for forms, readings in keys.values():
        condition |= Q(normalized__in=forms) | Q(reading__in=readings)
    for stem in filter(None, stems.values()):
        condition |= Q(reading__startswith=stem[1], length__lte=len(stem[1]) + 1)
    groups = {word: [word, *kana_spelling(word)] for word in words}
    if not condition:
        return groups
    found = Term.objects.filter(condition).values_list("surface", "normalized", "reading")
    for surface, normalized, reading in found[: MAX_HIGHLIGHT_VARIANTS * len(words)]:
        for word, (forms, readings) in keys.items():
            stem = stems[word]
            same = normalized in forms or reading in readings
            if (same or (stem and _is_noun_of(surface, reading, stem))) and (
                surface not in groups[word]
            ):
                groups[word].append(surface)
    return groups


def edit_distance(first, second, limit):
    """Levenshtein distance, or limit + 1 as soon as it must exceed limit."""
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, 1):
        current = [row]
        for column, other in enumerate(second, 1):
            current.append(
                min(previous[column] + 1, current[-1] + 1, previous[column - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _typed_forms(word):
    """(readings, normalised forms) of what was typed, to compare with the vocabulary's."""
    if not has_cjk(word):
        return {word.casefold()}, {word.casefold()}
    words = japanese_words(word)
    readings = {"".join(found.reading for found in words)}
    if not KANJI_CHAR.search(word):
        readings.add(fold_kana(word))
    return readings - {""}, {"".join(normalised(found) for found in words)} - {""}


def _candidates(word, lengths):
    """(surface, normalized, reading) of the vocabulary's words of about the right length: by
    reading, and for a word typed in Latin letters also by spelling (Python is kept with its
    reading パイソン, and Pyhton must still reach it)."""
    condition = Q(length__in=lengths)
    terms = Term.objects.all()
    if not has_cjk(word):
        terms = terms.alias(spelling_length=Length("surface"))
        condition |= Q(spelling_length__in=lengths)
    terms = terms.filter(condition).exclude(surface=word).order_by("id")
    return terms.values_list("surface", "normalized", "reading")


def closest_word(word):
    """The vocabulary's word nearest to `word` by reading or normalised form, or None."""
    readings, forms = _typed_forms(word)
    if not readings:
        return None
    limit = 1 if max(map(len, readings)) <= 4 else 2
    lengths = {len(text) + delta for text in readings for delta in range(-limit, limit + 1)}
    best, best_distance = None, limit + 1
    for surface, normalized, reading in _candidates(word, lengths):
        spellings = {normalized} if has_cjk(word) else {normalized, surface.casefold()}
        distance = min(
            [edit_distance(typed, reading, limit) for typed in readings]
            + [edit_distance(typed, spelling, limit) for typed in forms for spelling in spellings]
        )
        if distance < best_distance:
            best, best_distance = surface, distance
    return best or closest_latin_word(word)


def closest_latin_word(word):
    """For a word typed in kana, the vocabulary's Latin word that sounds like it (ジャンゴ →
    Django), by consonant outline (search/loanwords.py): equal, or one apart when long."""
    katakana = fold_kana(word)
    if not KATAKANA_WORD.fullmatch(katakana):
        return None
    outline = kana_skeleton(katakana)
    if len(outline) < MIN_SKELETON:
        return None
    limit = 0 if len(outline) < LONG_SKELETON else 1
    terms = Term.objects.alias(spelling_length=Length("surface")).filter(
        surface__regex=r"^[A-Za-z]", spelling_length__range=(len(outline), 3 * len(outline) + 3)
    )
    for surface in terms.order_by("id").values_list("surface", flat=True):
        if any(edit_distance(outline, other, limit) <= limit for other in latin_skeletons(surface)):
            return surface
    return None
