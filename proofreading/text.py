"""The text being checked: its sentences (with their offsets) and where an offset is."""

import re
from dataclasses import dataclass

# A sentence ends at 。！？ (or their half-width forms) or at a line end.
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
CODE_FENCE = re.compile(r"^(```|~~~)")


@dataclass(frozen=True)
class Sentence:
    text: str
    begin: int  # character offset in the whole text


def prose_lines(text):
    """(offset, line) for each line that is prose: Markdown code blocks are left out."""
    offset, in_code = 0, False
    for line in text.splitlines(keepends=True):
        if CODE_FENCE.match(line.lstrip()):
            in_code = not in_code
        elif not in_code:
            yield offset, line
        offset += len(line)


def sentences(text):
    found = []
    for offset, line in prose_lines(text):
        for match in SENTENCE.finditer(line):
            if match.group().strip():
                found.append(Sentence(match.group(), offset + match.start()))
    return found


def position(text, offset):
    """(line, column), both counted from 1, of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
