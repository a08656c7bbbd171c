"""Japanese title lines for the share image: breaks fall between phrases (文節: a word with the
particles and endings that follow it, compound nouns kept whole, from Sudachi's analysis that
search uses too), never before closing punctuation nor after an opening bracket or a prefix
(kinsoku), and a phrase longer than a line is the only thing ever cut inside."""

from japanese.analysis import morphemes

NO_LINE_START = set(
    "、。，．,.:;：；!?！？」』）)]】〕〉》’”ー～…‥・ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
NO_LINE_END = set("「『（([【〔〈《‘“")


FOLLOWERS = {"助詞", "助動詞", "接尾辞"}  # particles, endings, suffixes: never start a phrase


def joins_previous(word, previous):
    kind = word.part_of_speech[0]
    return (
        kind in FOLLOWERS
        or word.surface[0] in NO_LINE_START
        or word.surface.isspace()
        or kind == "名詞"
        and previous.part_of_speech[0] == "名詞"  # 情報発信, 十年分
        or previous.part_of_speech[0] == "接頭辞"
        or previous.surface[-1] in NO_LINE_END
    )


def phrases(text):
    """Unbreakable pieces of text: phrases with their punctuation glued on."""
    pieces = []
    previous = None
    for word in morphemes(text):
        if previous is not None and joins_previous(word, previous):
            pieces[-1] += word.surface
        else:
            pieces.append(word.surface)
        previous = word
    return pieces


def cut_to_width(piece, width, measure):
    """A piece too long for one line, cut into lines at characters."""
    lines, line = [], ""
    for character in piece:
        if line and measure(line + character) > width:
            lines.append(line)
            line = ""
        line += character
    return lines + [line] if line else lines


def break_lines(text, width, measure):
    """The text as lines no wider than `width`, as measured by `measure(str) -> float`."""
    lines, line = [], ""
    for piece in phrases(text.strip()):
        if measure(line + piece) <= width:
            line += piece
            continue
        if line:
            lines.append(line.rstrip())
        line = piece.lstrip()
        if measure(line) > width:
            *full, line = cut_to_width(line, width, measure)
            lines.extend(full)
    if line:
        lines.append(line.rstrip())
    return lines
