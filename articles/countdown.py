"""`{reversed=reversed}` on its own line before a numbered list: the list counts down (the
WordPress import writes it for `<ol reversed>`, nested lists included).

Only that exact line, and only before a numbered list, is read as a marker: a general block
attribute syntax would also swallow lines such as `{% load static %}` in an article about
Django, which must stay text."""

import re

from markdown_it.token import Token

MARKER = "{reversed=reversed}"
NUMBERED_ITEM = re.compile(r"\d{1,9}[.)](\s|$)")


def countdown_plugin(parser):
    parser.block.ruler.before("paragraph", "countdown_marker", countdown_marker)
    parser.core.ruler.after("block", "countdown_lists", countdown_lists)


def countdown_marker(state, start_line, end_line, silent):
    if state.sCount[start_line] - state.blkIndent >= 4:  # an indented code block
        return False
    if line_text(state, start_line) != MARKER or start_line + 1 >= end_line:
        return False
    if state.sCount[start_line + 1] != state.sCount[start_line]:
        return False
    if not NUMBERED_ITEM.match(line_text(state, start_line + 1)):
        return False
    if not silent:
        state.push("countdown_marker", "", 0).map = [start_line, start_line + 1]
        state.line = start_line + 1
    return True


def line_text(state, line):
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()


def countdown_lists(state):
    """Each marker turns the numbered list right after it into a countdown, then goes."""
    kept = []
    for token in state.tokens:
        if kept and kept[-1].type == "countdown_marker":
            marker = kept.pop()
            if token.type == "ordered_list_open":
                token.attrSet("reversed", "reversed")
            else:  # not followed by a list after all: shown as it was written
                kept.extend(text_paragraph(state, marker))
        kept.append(token)
    state.tokens = kept


def text_paragraph(state, marker):
    inline = Token("inline", "", 0, content=MARKER, map=marker.map, children=[])
    inline.children = [Token("text", "", 0, content=MARKER)]
    return [Token("paragraph_open", "p", 1), inline, Token("paragraph_close", "p", -1)]
