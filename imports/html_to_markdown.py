"""Write HTML back as Markdown, for what the article blocks cannot hold natively (code, tables,
nested lists). The result goes into a `markdown` block, which the site renders with
wagtail-markdown (fenced code and tables enabled), so it looks as it did and stays editable."""

import re

from .htmltree import Element, Text, text_content
from .text import collapse_whitespace, strip_spaces

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
REVERSED = "{reversed=reversed}"
LIST_INDENT = "    "  # Python-Markdown (wagtail-markdown) nests lists at four spaces


def _escape(text):
    """Text that Markdown shows as written: its markup characters and HTML escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _code_span(text):
    ticks = "`"
    while ticks in text:
        ticks += "`"
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{padding}{text}{padding}{ticks}"


def inline_markdown(nodes, table_cell=False):
    """Inline nodes as Markdown on one logical line (line breaks as two spaces + newline)."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            text = _escape(collapse_whitespace(node.data))
            out.append(text.replace("|", "\\|") if table_cell else text)
        elif isinstance(node, Element):
            out.append(_inline_element(node, table_cell))
    return "".join(out)


def _inline_element(node, table_cell):
    inner = inline_markdown(node.children, table_cell)
    tag = node.tag
    if tag == "br":
        return "<br>" if table_cell else "  \n"
    if tag in {"b", "strong"}:
        return f"**{inner.strip()}**" if inner.strip() else ""
    if tag in {"i", "em"}:
        return f"*{inner.strip()}*" if inner.strip() else ""
    if tag in {"code", "kbd", "samp", "tt"}:
        return _code_span(text_content(node))
    if tag == "a" and node.get("href"):
        return f"[{inner.strip()}]({node.get('href')})"
    if tag == "img":
        return f"![{_escape(node.get('alt'))}]({node.get('src')})"
    if tag in {"script", "style"}:
        return ""
    if tag in {"ul", "ol"}:  # only reached for a list inside a table cell
        return " ".join(inline_markdown(li.children, table_cell) for li in node.iter("li"))
    return inner


ITEM_BLOCKS = {"ul", "ol", "pre", "table", "blockquote"}


def _item_parts(li):
    """A list item's own inline content, then its block children (nested lists, code, tables,
    quotes) in order: those cannot be written on the item's line."""
    own, blocks = [], []
    for child in li.children:
        if isinstance(child, Element) and child.tag in ITEM_BLOCKS:
            blocks.append(child)
        elif isinstance(child, Element) and child.tag == "p":
            if own:
                own.append(Element("br"))
            own.extend(child.children)
        else:
            own.append(child)
    return own, blocks


def _quote_markdown(quote):
    own, blocks = _item_parts(quote)
    lines = [strip_spaces(inline_markdown(own))] + [block_markdown(b) for b in blocks]
    return "\n".join("> " + line for text in lines for line in text.split("\n"))


def block_markdown(element, depth=0):
    """A block that a list item holds, as Markdown (nested lists one level deeper)."""
    if element.tag in {"ul", "ol"}:
        return list_markdown(element, depth)
    if element.tag == "pre":
        return code_markdown(element)
    if element.tag == "table":
        return table_markdown(element)
    return _quote_markdown(element)


def _indented(text, indent):
    return "\n".join(indent + line if line.strip() else "" for line in text.split("\n"))


def list_markdown(element, depth=0):
    lines = []
    ordered = element.tag == "ol"
    if ordered and "reversed" in element.attrs:
        # Markdown has no countdown: an attribute line (the site's renderer reads it, see
        # articles/markdown.py) after a blank line, which keeps it out of the item's text.
        lines.append(("\n" if depth else "") + f"{LIST_INDENT * depth}{REVERSED}")
    number = int(element.get("start") or 1) if element.get("start").isdigit() else 1
    for li in element.elements():
        if li.tag != "li":
            continue
        own, blocks = _item_parts(li)
        marker = f"{number}." if ordered else "-"
        number += 1
        indent = LIST_INDENT * (depth + 1)
        text = strip_spaces(inline_markdown(own)).replace("\n", "\n" + indent)
        lines.append(f"{LIST_INDENT * depth}{marker} {text}")
        for block in blocks:
            if block.tag in {"ul", "ol"}:
                lines.append(list_markdown(block, depth + 1))
            else:  # a code block, table or quote: a paragraph of the item, set apart
                lines.append("\n" + _indented(block_markdown(block), indent) + "\n")
    return "\n".join(lines)


def table_markdown(table):
    rows = []
    for tr in table.iter("tr"):
        cells = [
            strip_spaces(inline_markdown(cell.children, table_cell=True))
            for cell in tr.elements()
            if cell.tag in {"td", "th"}
        ]
        if cells:
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    caption = table.find("caption")
    lines = (
        [f"**{strip_spaces(collapse_whitespace(text_content(caption)))}**", ""] if caption else []
    )
    lines.append("| " + " | ".join(rows[0]) + " |")
    lines.append("|" + "|".join(["---"] * width) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


_LANGUAGE_CLASS = re.compile(r"^(?:language|lang)-([\w+#-]+)$")
_BRUSH = re.compile(r"brush:\s*([\w+#-]+)")


def code_language(pre):
    """The language of a code block from the usual class names (Markdown, Prism, highlight.js,
    WordPress's SyntaxHighlighter `brush: php`)."""
    for element in [pre, *pre.iter("code")]:
        for name in element.classes:
            match = _LANGUAGE_CLASS.match(name)
            if match:
                return match.group(1)
        brush = _BRUSH.search(element.get("class"))
        if brush:
            return brush.group(1)
        if element.get("data-lang"):
            return element.get("data-lang").split()[0]
    return ""


def pre_text(node):
    parts = []
    for child in node.children:
        if isinstance(child, Text):
            parts.append(child.data)
        elif isinstance(child, Element):
            parts.append("\n" if child.tag == "br" else pre_text(child))
    return "".join(parts)


def code_markdown(pre):
    code = pre_text(pre).strip("\n")
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}{code_language(pre)}\n{code}\n{fence}"
