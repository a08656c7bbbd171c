"""How much of a Markdown document survives the import (issue #15):
`python bench/markdown_retention.py FILE.md [FILE.md ...]`. Prints, per file, the inline code
spans, code blocks, links and list items counted in the source and in the imported blocks,
and the share kept; exits non-zero when one is under MIN_KEPT.

Both sides are counted from parsed structures, never from regular expressions: the source
through markdown-it-py's tokens (the parser and extensions the site's renderer uses), the
blocks by walking the StreamField value: rich text HTML through the importer's tree (the
standard library's HTML parser), code and list blocks by their values, Markdown blocks through
the tokens again.
No database: the import is run up to its blocks (markdown_to_article) and those are
normalised by the article body's StreamBlock, as saving a page does.
"""

import sys
from collections import Counter
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imports.htmltree import parse_html

KINDS = ("inline_code", "code_blocks", "links", "list_items")
MIN_KEPT = 0.95
# Markdown-it token type → what it counts as.
TOKEN_KINDS = {
    "code_inline": "inline_code",
    "fence": "code_blocks",
    "code_block": "code_blocks",
    "link_open": "links",
    "list_item_open": "list_items",
}


def _parser():
    # The same syntax as articles/markdown.py: CommonMark, GFM tables, strikethrough, task lists.
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return parser.use(front_matter_plugin).use(tasklists_plugin)


def markdown_counts(text):
    """Counter of KINDS in a Markdown text, from its tokens (inline children included)."""
    counts = Counter()
    for token in _parser().parse(text):
        for each in [token, *(token.children or ())]:
            if each.type in TOKEN_KINDS:
                counts[TOKEN_KINDS[each.type]] += 1
    return counts


RICH_TEXT_KINDS = {"code": "inline_code", "a": "links", "li": "list_items"}


def rich_text_counts(html):
    """Counter of KINDS in rich text HTML (a list inside rich text counts its items)."""
    return Counter(
        RICH_TEXT_KINDS[element.tag] for element in parse_html(html).iter(*RICH_TEXT_KINDS)
    )


def _value_counts(value):
    """Rich text anywhere inside a block's value (struct fields, list items)."""
    from wagtail.blocks.list_block import ListValue
    from wagtail.rich_text import RichText

    if isinstance(value, RichText):
        return rich_text_counts(value.source)
    counts = Counter()
    if isinstance(value, dict):  # StructValue is a dict
        children = value.values()
    elif isinstance(value, list | tuple | ListValue):
        children = value
    else:
        return counts
    for child in children:
        counts += _value_counts(child)
    return counts


def block_counts(stream_value):
    """Counter of KINDS in an article body (a StreamValue), block by block."""
    counts = Counter()
    for child in stream_value:
        kind, value = child.block_type, child.value
        if kind == "markdown":
            counts += markdown_counts(value)
        elif kind == "code":
            counts["code_blocks"] += 1
        elif kind == "bullet_list":
            counts["list_items"] += len(value["items"])
            counts += _value_counts(value["items"])
        else:
            counts += _value_counts(value)
    return counts


def kept(source, imported):
    """{kind: share kept} (1.0 where the source has none)."""
    return {
        kind: (min(imported[kind], source[kind]) / source[kind]) if source[kind] else 1.0
        for kind in KINDS
    }


def imported_body(text):
    """The article body a Markdown import would save, as a StreamValue (no database)."""
    from articles.models import ArticlePage
    from imports.markdown import markdown_to_article
    from imports.report import Report

    data = markdown_to_article(text, report=Report(), default_title="retention")
    stream_block = ArticlePage._meta.get_field("body").stream_block
    # The lead (first paragraph) leaves the body; it is plain text, so it holds none of KINDS
    # unless the first paragraph had some, which the lead then drops: counted as lost.
    return stream_block.normalize(data.body)


def report_lines(name, source, imported):
    shares = kept(source, imported)
    lines = [name]
    for kind in KINDS:
        lines.append(f"  {kind:<12} {imported[kind]:>5} / {source[kind]:>5}  {shares[kind]:7.1%}")
    return lines, min(shares.values())


def main(paths):
    from environment import setup_django  # bench/environment.py (on sys.path as a script)

    setup_django("blogsite.settings.test")
    worst = 1.0
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        lines, lowest = report_lines(path, markdown_counts(text), block_counts(imported_body(text)))
        print("\n".join(lines))
        worst = min(worst, lowest)
    return 0 if worst >= MIN_KEPT else 1


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
