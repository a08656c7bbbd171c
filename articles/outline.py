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
    """Map each heading block's position in the body to a unique anchor that works for
    Japanese text.

    slugify() without allow_unicode drops every Japanese character and would give empty ids,
    so Unicode is kept; repeated headings get -2, -3… in the order they appear.
    """
    anchors = {}
    seen = set()
    for position, block in enumerate(body):
        if block.block_type != "heading":
            continue
        base = slugify(block.value["text"], allow_unicode=True) or f"section-{position + 1}"
        anchor, suffix = base, 2
        while anchor in seen:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        seen.add(anchor)
        anchors[position] = anchor
    return anchors


def outline_by_position(body):
    """(position in the body, OutlineEntry) for each heading block."""
    return [
        (
            position,
            OutlineEntry(
                int(body[position].value["level"][1]), body[position].value["text"], anchor
            ),
        )
        for position, anchor in heading_anchors(body).items()
    ]


def outline(body):
    return [entry for _, entry in outline_by_position(body)]


@dataclass
class OutlineNode:
    entry: OutlineEntry
    children: list


def nested_outline(entries):
    """The flat outline as a tree (h3 under the h2 before it…), for a nested contents list."""
    roots, open_nodes = [], []
    for entry in entries:
        node = OutlineNode(entry, [])
        while open_nodes and open_nodes[-1].entry.level >= entry.level:
            open_nodes.pop()
        (open_nodes[-1].children if open_nodes else roots).append(node)
        open_nodes.append(node)
    return roots


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


def stored_outline_and_reading_time(title, lead, body):
    """What an article stores when saved: [[position, level, text, anchor]…] and minutes."""
    entries = [
        [position, entry.level, entry.text, entry.anchor]
        for position, entry in outline_by_position(body)
    ]
    return entries, reading_minutes(f"{title}\n{lead}\n{body_text(body)}")
