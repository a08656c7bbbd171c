"""A small, forgiving HTML tree built on the standard library's html.parser.

WordPress content and Markdown output are HTML fragments, often not well-formed (unclosed <p>
and <li>, <br> without a slash, stray end tags), so xml.etree cannot read them. This builder
follows the few HTML parsing rules that matter for article text: void elements, a block
element closing an open <p>, a new <li>/<dt>/<dd>/<tr>/<td> closing its open sibling, and end
tags without a matching start tag being ignored. Comments are kept: WordPress block-editor
markup lives in them.

html.parser looks for the end of every "<" it meets; where that end never comes (100 KB of
`<a` or `<!--` with no ">" or "-->" after them) it searches to the end of the text again for
each one: hours for a megabyte. Such brackets open nothing, so they are written as "&lt;"
before parsing (literal_brackets), found in one pass.
"""

import re
from collections import Counter
from html.parser import HTMLParser

from .text import collapse_whitespace, strip_spaces

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
# Elements whose start closes an open <p> (HTML's "close a p element" rule, simplified).
CLOSES_P = {
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
}  # fmt: skip
# Elements after which plain text starts a new line.
ENDS_A_LINE = CLOSES_P | {"br", "li", "dt", "dd", "tr", "figcaption"}
# A new one of these closes the open one, but not past the listed container.
SIBLING_SCOPES = {
    "li": {"ul", "ol"},
    "dt": {"dl"},
    "dd": {"dl"},
    "tr": {"table", "thead", "tbody", "tfoot"},
    "td": {"tr", "table"},
    "th": {"tr", "table"},
    "option": {"select"},
}
SIBLING_CLOSERS = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr", "td", "th"},
                   "td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"}}  # fmt: skip


class Text:
    __slots__ = ("data", "parent")

    def __init__(self, data):
        self.data = data
        self.parent = None


class Comment:
    __slots__ = ("data", "parent")

    def __init__(self, data):
        self.data = data
        self.parent = None


class Element:
    __slots__ = ("tag", "attrs", "children", "parent", "literal_brackets")

    def __init__(self, tag, attrs=None):
        self.tag = tag
        self.attrs = attrs or {}
        self.children = []
        self.parent = None
        self.literal_brackets = 0

    def append(self, node):
        node.parent = self
        self.children.append(node)

    def get(self, name, default=""):
        value = self.attrs.get(name)
        return default if value is None else value

    @property
    def classes(self):
        return self.get("class").split()

    def elements(self):
        return [child for child in self.children if isinstance(child, Element)]

    def iter(self, *tags):
        """Every descendant element (not self), depth first, optionally only these tags."""
        for child in self.children:
            if isinstance(child, Element):
                if not tags or child.tag in tags:
                    yield child
                yield from child.iter(*tags)

    def find(self, *tags):
        return next(self.iter(*tags), None)

    def __repr__(self):
        return f"<{self.tag} {len(self.children)} children>"


# Where a comment ends in HTML, and in html.parser from Python 3.11.14 and 3.12.12 on; before
# those it ended at "--" + spaces + ">" and not at "--!>". The comments are rewritten to end
# where a browser ends them, so that every Python reads the same ones.
COMMENT_END = re.compile(r"--!?>")
OLD_COMMENT_END = re.compile(r"--\s+>")
MARKED_SECTION = "<!["
HIDDEN_DECLARATION = "<!_["  # html.parser reads "<!" + anything else as a comment up to ">"
EMPTY_COMMENT = "<!---->"
TAG_NAME = re.compile(r"[a-zA-Z][^\t\n\r\f />\x00]*")
# What follows a tag's name, one attribute at a time, as HTML reads it: a name (where a quote,
# or an "=" it begins with, is a character like any other), then maybe "=" and a value. Only
# right after that "=" does a quote open a value, in which a ">" does not end the tag.
SPACE = "\t\n\f\r "
ATTRIBUTE = re.compile(
    rf"[{SPACE}/]*(?:(?P<name>[^{SPACE}/>][^{SPACE}/>=]*)[{SPACE}]*(?P<value>=[{SPACE}]*)?)?"
)
UNQUOTED_VALUE = re.compile(rf"[^{SPACE}>]*")
RAW_TEXT = {"script", "style"}  # their text is not markup: no comment or tag begins in it


def literal_brackets(html):
    """(html, count): the markup with every "<" that nothing after it can close written as
    "&lt;" (any "<" after the last ">", and any "<!--" in the text that no end of a comment
    follows), and how many of them were in the text: none inside an attribute's value or a
    script is changed or counted, as it is not markup there. A marked section in the text
    ("<![if !supportLists]>" pasted from Word, "<![CDATA[") is what HTML reads as a hidden
    comment; html.parser raises on an unknown one, so it is handed over as the comment it is
    read as, and stays hidden."""
    scan = _BracketScan(html)
    scan.run()
    return scan.result()


class _BracketScan:
    """One pass over the markup, from each "<" to the end of what it opens: never searching
    twice through the same text, whatever is left unclosed (linear time)."""

    def __init__(self, html):
        self.html = html
        self.last_end = html.rfind(">") + 1  # after it, no "<" can be closed
        self.last_comment_end = max(
            (match.start() for match in COMMENT_END.finditer(html)), default=-1
        )
        self.edits = []  # (start, end, replacement), in order
        self.count = 0
        self.in_text = True  # False once the rest is inside a script or style left open

    def run(self):
        position = 0
        while (start := self.html.find("<", position, self.last_end)) >= 0:
            position = self.step(start)
            if position is None:
                self.in_text = False
                return

    def step(self, start):
        """Where the parse goes on after what the "<" at `start` opens (None: nowhere)."""
        html = self.html
        if html.startswith("<!--", start):
            return self.comment(start)
        if html.startswith(MARKED_SECTION, start):
            self.edits.append((start, start + len(MARKED_SECTION), HIDDEN_DECLARATION))
        elif html[start + 1 : start + 2].isascii() and html[start + 1 : start + 2].isalpha():
            return self.start_tag(start)
        elif html[start + 1 : start + 2] not in ("!", "/", "?"):
            return start + 1  # "<" before a space or a digit: text to html.parser too
        return html.find(">", start) + 1  # end tags, declarations: up to the next ">"

    def comment(self, start):
        html, body = self.html, start + 4
        # "<!-->" and "<!--->" are whole, empty comments in HTML, whatever end comes later;
        # html.parser may read on to that end (older versions always do).
        if html.startswith(">", body) or html.startswith("->", body):
            end = html.index(">", body) + 1
            self.edits.append((start, end, EMPTY_COMMENT))
            return end
        if body > self.last_comment_end:  # no end follows: the "<" begins nothing
            self.edits.append((start, start + 1, "&lt;"))
            self.count += 1
            return body
        end = COMMENT_END.search(html, body)
        for early in OLD_COMMENT_END.finditer(html, body, end.start()):
            self.edits.append((early.end() - 1, early.end(), "&gt;"))
        if end.group() == "--!>":
            self.edits.append((end.start(), end.end(), "-->"))
        return end.end()

    def start_tag(self, start):
        """After the tag's ">", the tag read as HTML reads it (see ATTRIBUTE). A quote never
        closed makes html.parser (3.11.7, at least) read the "<" up to the next ">" as text,
        as here."""
        html, end = self.html, self.last_end
        name = TAG_NAME.match(html, start + 1).group()
        position = start + 1 + len(name)
        while (attribute := ATTRIBUTE.match(html, position, end)).group("name"):
            position = attribute.end()
            if attribute.group("value") is None:
                continue
            quote = html[position : position + 1]
            if quote not in ("'", '"'):
                position = UNQUOTED_VALUE.match(html, position, end).end()
            elif (closing := html.find(quote, position + 1, end)) >= 0:
                position = closing + 1
            else:
                return html.find(">", start) + 1
        # Only a ">" ends the loop: the last one in the text (at end - 1) is in no quoted value.
        return self.after_tag(name, attribute.end() + 1)

    def after_tag(self, name, position):
        if name.lower() not in RAW_TEXT:
            return position
        end = re.compile(f"</{name}", re.IGNORECASE).search(self.html, position)
        return end.start() if end else None

    def result(self):
        html, pieces, done = self.html, [], 0
        for start, end, replacement in self.edits:
            pieces += [html[done:start], replacement]
            done = end
        head = "".join(pieces) + html[done : self.last_end]
        tail = html[self.last_end :]
        count = self.count + (tail.count("<") if self.in_text else 0)
        return head + tail.replace("<", "&lt;"), count


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]
        # How many of each tag are open: most checks below end here without walking a stack
        # that hostile markup (thousands of nested <section>) makes long.
        self.open_tags = Counter()

    @property
    def current(self):
        return self.stack[-1]

    def _close(self, tag):
        """Pop up to and including the innermost open `tag`."""
        for position in range(len(self.stack) - 1, 0, -1):
            if self.stack[position].tag == tag:
                self.open_tags.subtract(element.tag for element in self.stack[position:])
                del self.stack[position:]
                return

    def _push(self, element):
        self.stack.append(element)
        self.open_tags[element.tag] += 1

    def _is_open(self, tag, scope=()):
        if not self.open_tags[tag]:
            return False
        for element in reversed(self.stack[1:]):
            if element.tag == tag:
                return True
            if element.tag in scope:
                return False
        return False

    def handle_starttag(self, tag, attrs):
        if tag in CLOSES_P and self._is_open("p", scope={"blockquote", "li", "td", "th", "div"}):
            self._close("p")
        if tag in SIBLING_SCOPES:
            for sibling in SIBLING_CLOSERS[tag]:
                if self._is_open(sibling, scope=SIBLING_SCOPES[tag]):
                    self._close(sibling)
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.current.append(element)
        if tag not in VOID:
            self._push(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.current.tag == tag:
            self._close(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self._is_open(tag):
            self._close(tag)

    def handle_data(self, data):
        children = self.current.children
        if children and isinstance(children[-1], Text):
            children[-1].data += data
        else:
            self.current.append(Text(data))

    def handle_comment(self, data):
        self.current.append(Comment(data))


def parse_html(html):
    """The fragment as an Element named "#root" whose children are the top-level nodes; the
    root's `literal_brackets` says how many "<" opened nothing and were kept as text."""
    html, count = literal_brackets(html)
    try:
        root = _build(html)
    except AssertionError:
        # html.parser raises on a "<![" it cannot read as a marked section. The pre-pass hides
        # those in the text, reading tags as HTML does; an html.parser that reads a tag
        # otherwise (before 3.11.14 and 3.12.12, a NUL ends its name) can meet one that the
        # pre-pass left inside a tag. Then every "<![" is hidden: no input stops an import.
        root = _build(html.replace(MARKED_SECTION, HIDDEN_DECLARATION))
    root.literal_brackets = count
    return root


def _build(html):
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def texts_in_order(node):
    """Every text under `node` in document order, a line break after each block, walked
    without recursion: it must work on markup nested deeper than Python's stack (the fallback
    when converting it fails)."""
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, str):
            yield current
        elif isinstance(current, Text):
            yield current.data
        elif isinstance(current, Element):
            if current.tag in ENDS_A_LINE:
                pending.append("\n")
            pending.extend(reversed(current.children))


def text_content(node):
    """All the text below `node`, as is (no whitespace handling)."""
    if isinstance(node, Text):
        return node.data
    if isinstance(node, Element):
        return "".join(text_content(child) for child in node.children)
    return ""


BLOCK_BREAKS = {"p", "div", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
                "figure", "figcaption", "tr", "ul", "ol", "dl", "dt", "dd", "section"}  # fmt: skip


def plain_text(node, keep_newlines=False):
    """Readable text: <br> as a line break, blocks separated by a blank line; tags removed.
    With keep_newlines, line breaks in the source text stay (quotes keep their lines)."""
    parts = []

    def walk(current):
        for child in current.children:
            if isinstance(child, Text):
                if current.tag == "pre":
                    parts.append(child.data)
                elif keep_newlines:
                    parts.append(
                        "\n".join(collapse_whitespace(line) for line in child.data.split("\n"))
                    )
                else:
                    parts.append(collapse_whitespace(child.data))
            elif isinstance(child, Element):
                if child.tag == "br":
                    parts.append("\n")
                elif child.tag in {"script", "style"}:
                    continue
                elif child.tag in BLOCK_BREAKS:
                    parts.append("\n\n")
                    walk(child)
                    parts.append("\n\n")
                else:
                    walk(child)

    walk(node)
    lines = [strip_spaces(line) for line in "".join(parts).split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
