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


COMMENT_END = re.compile(r"--\s*>")  # how html.parser ends a comment
MARKED_SECTION = "<!["
HIDDEN_DECLARATION = "<!_["  # html.parser reads "<!" + anything else as a comment up to ">"


def literal_brackets(html):
    """(html, count): the markup with every "<" that cannot begin a complete tag, comment or
    declaration written as "&lt;", and how many there were: any "<" after the last ">" and any
    "<!--" after the last end of a comment. A marked section ("<![if !supportLists]>" pasted
    from Word, "<![CDATA[") is what HTML reads as a hidden comment; html.parser raises on an
    unknown one, so it is handed over as the comment it is read as, and stays hidden."""
    last_end = html.rfind(">") + 1
    comment_end = max((match.end() for match in COMMENT_END.finditer(html)), default=0)
    head, tail = html[:last_end], html[last_end:]
    opened_comments = head[comment_end:].count("<!--")
    count = tail.count("<") + opened_comments
    if opened_comments:
        head = head[:comment_end] + head[comment_end:].replace("<!--", "&lt;!--")
    return head.replace(MARKED_SECTION, HIDDEN_DECLARATION) + tail.replace("<", "&lt;"), count


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
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    builder.root.literal_brackets = count
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
