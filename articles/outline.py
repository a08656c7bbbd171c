"""What can be derived from an article body without rendering it: the outline (table of
contents with anchors), the plain text and the reading time."""

import math
import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.text import slugify

# Japanese is read at about 500 characters a minute; words in Latin script at about 200.
CJK_CHARS_PER_MINUTE = 500
WORDS_PER_MINUTE = 200

CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’-][A-Za-z0-9\u00c0-\u024f]+)*")


@dataclass(frozen=True)
class OutlineEntry:
    level: int
    text: str
    anchor: str


def heading_anchors(body):
    """Map each heading block's id to a unique anchor that works for Japanese text.

    slugify() without allow_unicode drops every Japanese character and would give empty ids,
    so Unicode is kept; repeated headings get -2, -3… in the order they appear.
    """
    anchors = {}
    seen = set()
    for position, block in enumerate(body, start=1):
        if block.block_type != "heading":
            continue
        base = slugify(block.value["text"], allow_unicode=True) or f"section-{position}"
        anchor, suffix = base, 2
        while anchor in seen:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        seen.add(anchor)
        anchors[block.id] = anchor
    return anchors


def outline(body):
    anchors = heading_anchors(body)
    return [
        OutlineEntry(int(block.value["level"][1]), block.value["text"], anchors[block.id])
        for block in body
        if block.block_type == "heading"
    ]


def body_text(body):
    """All the words of the body as plain text, every block type included."""
    parts = []
    for block in body:
        parts.extend(str(piece) for piece in block.block.get_searchable_content(block.value))
    return "\n".join(strip_tags(part) for part in parts if part)


def reading_minutes(text):
    cjk = len(CJK_CHAR.findall(text))
    words = len(LATIN_WORD.findall(CJK_CHAR.sub(" ", text)))
    minutes = cjk / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE
    return max(1, math.ceil(minutes))
