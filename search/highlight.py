"""Snippets of search results with the reader's words in <mark>, everything else escaped."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

SNIPPET_CHARS = 160  # about three lines of Japanese in the result list
CONTEXT_BEFORE = 40  # characters shown before the first highlighted word
ELLIPSIS = "…"

# ASCII letters and digits also match their full-width forms (Ａ１ in the text, A1 typed).
FULL_WIDTH_OFFSET = 0xFEE0


def _char_pattern(char):
    if char.isascii() and char.isalnum():
        return f"[{char}{chr(ord(char) + FULL_WIDTH_OFFSET)}]"
    return re.escape(char)


# Katakana letters: a compound typed without middle dots is highlighted where the article
# writes them (ユーザーインターフェース typed, ユーザー・インターフェース marked).
KATAKANA_LETTER = re.compile("[\u30a1-\u30fa\u30fc]")


def _word_pattern(word):
    pieces = []
    for char, following in zip(word, word[1:] + " ", strict=True):
        pieces.append(_char_pattern(char))
        if KATAKANA_LETTER.match(char) and KATAKANA_LETTER.match(following):
            pieces.append("・?")
    return "".join(pieces)


def words_pattern(words):
    """One case-insensitive pattern for all the words, longest first; None without words."""
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(_word_pattern(word) for word in ordered), re.IGNORECASE)


def words_found(text, pattern):
    """How many different words of the pattern the text has (Ａ and a count as one word)."""
    if pattern is None:
        return 0
    return len({unicodedata.normalize("NFKC", match).casefold() for match in pattern.findall(text)})


def highlight(text, pattern):
    """Escaped text with every match of the pattern in <mark>."""
    if pattern is None:
        return escape(text)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text was escaped above)


def snippet(text, pattern, length=SNIPPET_CHARS):
    """About `length` characters of the text around the first match, highlighted."""
    text = " ".join(text.split())
    match = pattern.search(text) if pattern is not None else None
    start = max(0, match.start() - CONTEXT_BEFORE) if match else 0
    end = min(len(text), start + length)
    piece = highlight(text[start:end], pattern)
    before = ELLIPSIS if start > 0 else ""
    after = ELLIPSIS if end < len(text) else ""
    return mark_safe(f"{before}{piece}{after}")  # noqa: S308 (piece is escaped, see highlight)
