"""Text helpers shared by the importers: whitespace that suits Japanese, decoding files that may
not be UTF-8, slugs and length limits."""

import re

from django.utils.text import slugify
from django.utils.translation import gettext as _

# Kana, CJK ideographs, CJK punctuation and full-width forms.
CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A line break between two Japanese characters is a soft wrap in the source, not a space:
# browsers would show "日本語の 文章" with a stray space.
_CJK_BREAK = re.compile(rf"(?<=[{CJK}])[ \t]*\r?\n[ \t\r\n]*(?=[{CJK}])")
# ASCII whitespace only: U+3000 (ideographic space, used to indent Japanese paragraphs) and
# U+00A0 are content, not layout.
_SPACES = re.compile(r"[ \t\r\n\f]+")


def collapse_whitespace(text):
    return _SPACES.sub(" ", _CJK_BREAK.sub("", text))


def strip_spaces(text):
    return text.strip(" \t\r\n\f")


def is_blank(text):
    """True for text that shows nothing (also &nbsp; and ideographic spaces)."""
    return not text.strip()


def truncate(text, limit, ellipsis="…"):
    if len(text) <= limit:
        return text
    return text[: limit - len(ellipsis)].rstrip() + ellipsis


def make_slug(text, fallback="article", max_length=200):
    """A Wagtail slug that keeps Japanese (Wagtail allows Unicode slugs)."""
    slug = slugify(text, allow_unicode=True)[:max_length].strip("-_")
    return slug or fallback


# Tried in this order when a file is not UTF-8: Windows' Shift_JIS (a superset of Shift_JIS),
# then EUC-JP and ISO-2022-JP (old Unix and mail).
JAPANESE_ENCODINGS = [("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("iso2022_jp", "ISO-2022-JP")]
_JAPANESE = re.compile(rf"[{CJK}]")


class DecodeError(ValueError):
    pass


def decode_text(data, warn=None):
    """Decode file bytes: UTF-8 (with or without BOM), else the Japanese legacy encoding that
    gives the most Japanese-looking text, with a warning; DecodeError when nothing fits."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = None
    for codec, label in JAPANESE_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = len(_JAPANESE.findall(text)) / max(len(text), 1)
        if best is None or score > best[0]:
            best = (score, text, label)
    if best is None or best[0] == 0:
        raise DecodeError(
            _(
                "The file is not UTF-8 text (nor Shift_JIS or EUC-JP). "
                "Save it as UTF-8 and try again."
            )
        )
    if warn:
        warn(
            _(
                "The file is not UTF-8: it was read as %(encoding)s. "
                "Check the text for garbled characters."
            )
            % {"encoding": best[2]}
        )
    return best[1]
