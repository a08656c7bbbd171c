"""Japanese morphological analysis: SudachiPy with its core dictionary (both from PyPI).

The dictionary is loaded once per process (about 40 ms, then shared); each thread gets its
own tokenizer because a Sudachi tokenizer keeps state between calls. Long texts are cut at
line ends into pieces Sudachi accepts (it refuses inputs over about 49 KB).
"""

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache

from sudachipy import Dictionary, SplitMode

# Sudachi refuses an input over 49,149 bytes; three bytes a character in UTF-8.
PIECE_CHARACTERS = 12_000
HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}

_local = threading.local()


@dataclass(frozen=True, slots=True)
class Morpheme:
    """One word as Sudachi sees it. `begin`/`end` are character offsets in the text given."""

    surface: str
    # One spelling for variants: 見積り → 見積もり, シュミレーション → シミュレーション.
    normalized: str
    reading: str  # katakana: 子ども → コドモ
    dictionary_form: str  # the form a dictionary lists: 走っ → 走る
    part_of_speech: tuple[str, ...]
    begin: int
    end: int


@cache
def dictionary():
    return Dictionary(dict="core")


def tokenizer():
    if getattr(_local, "tokenizer", None) is None:
        _local.tokenizer = dictionary().tokenizer(mode=SplitMode.C)
    return _local.tokenizer


def pieces(text):
    """(offset, piece) pairs covering text, each short enough for Sudachi, cut after a line
    end where there is one (a sentence is never split unless a line is that long)."""
    start = 0
    while start < len(text):
        end = min(len(text), start + PIECE_CHARACTERS)
        if end < len(text):
            line_end = text.rfind("\n", start, end)
            if line_end > start:
                end = line_end + 1
        yield start, text[start:end]
        start = end


def morphemes(text):
    """The words of `text`, in order, with their normalised form and reading."""
    found = []
    for offset, piece in pieces(text):
        for word in tokenizer().tokenize(piece):
            found.append(
                Morpheme(
                    surface=word.surface(),
                    normalized=word.normalized_form(),
                    reading=word.reading_form(),
                    dictionary_form=word.dictionary_form(),
                    part_of_speech=tuple(word.part_of_speech()),
                    begin=offset + word.begin(),
                    end=offset + word.end(),
                )
            )
    return found


def fold_kana(text):
    """NFKC (full-width letters and half-width katakana to their usual forms), then hiragana
    to katakana, so that ふりーらんす and フリーランス compare equal."""
    return unicodedata.normalize("NFKC", text).translate(HIRAGANA_TO_KATAKANA)
