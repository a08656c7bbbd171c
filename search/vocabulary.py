"""The index's own vocabulary (search.models.Term): the nouns of the published articles with
their normalised forms and readings, recorded when an article is saved (search/apps.py).

Used for two things a bigram index cannot do: highlighting the spelling the article uses when
the reader typed another (見積り typed, 見積もり highlighted), and suggesting what was probably
meant when a search finds nothing (「もしかして」): the word of the vocabulary whose reading or
normalised form is closest (edit distance) to what was typed.
"""

import re

from django.db.models import Q

from japanese.analysis import fold_kana

from .cjk import KANJI_CHAR, has_cjk
from .models import Term
from .variants import japanese_words, normalised

MAX_WORD = Term._meta.get_field("surface").max_length
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.+#-]{2,}")
MAX_HIGHLIGHT_VARIANTS = 20


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
    readings = {found[0].reading for found in candidates if len(found) == 1}
    return forms, readings if not KANJI_CHAR.search(word) else set()


def spelling_groups(words):
    """{typed word: [the word, then its other spellings found in the articles]}, one query."""
    keys = {word: _keys(word) for word in words}
    condition = Q()
    for forms, readings in keys.values():
        condition |= Q(normalized__in=forms) | Q(reading__in=readings)
    groups = {word: [word] for word in words}
    if not condition:
        return groups
    found = Term.objects.filter(condition).values_list("surface", "normalized", "reading")
    for surface, normalized, reading in found[: MAX_HIGHLIGHT_VARIANTS * len(words)]:
        for word, (forms, readings) in keys.items():
            if (normalized in forms or reading in readings) and surface not in groups[word]:
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


def closest_word(word):
    """The vocabulary's word nearest to `word` by reading or normalised form, or None."""
    readings, forms = _typed_forms(word)
    if not readings:
        return None
    limit = 1 if max(map(len, readings)) <= 4 else 2
    lengths = {len(text) + delta for text in readings for delta in range(-limit, limit + 1)}
    best, best_distance = None, limit + 1
    candidates = Term.objects.filter(length__in=lengths).exclude(surface=word).order_by("id")
    for surface, normalized, reading in candidates.values_list("surface", "normalized", "reading"):
        distance = min(
            [edit_distance(typed, reading, limit) for typed in readings]
            + [edit_distance(typed, normalized, limit) for typed in forms]
        )
        if distance < best_distance:
            best, best_distance = surface, distance
    return best
