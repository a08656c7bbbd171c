"""Markdown → safe HTML, the one renderer of the site: the Markdown block on pages and in
previews (articles/blocks.py) and the Markdown import (imports/markdown.py) both use it.

markdown-it-py parses in time linear in the text (Python-Markdown, which wagtail-markdown
uses, took seconds on a few KB of nested brackets: issue #12). CommonMark plus GitHub's
tables, strikethrough and task lists, and `{reversed=reversed}` before a numbered list to
count it down; a leading front matter block is not shown. Every text is also limited
in size and in nesting depth, with a message the writer can act on, and the output goes
through nh3, so raw HTML in the text can never add scripts or event handlers.

Fenced and indented code is rendered by render_code() alone: code highlighting plugs in there.
"""

from functools import lru_cache

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from .code import highlight
from .countdown import countdown_plugin

TASK_BOXES = {True: "☑", False: "☐"}
# Token levels: each list adds two (list, item), a quote one; the parser stops at the ceiling.
LEVELS_PER_NESTING = 2

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
    "pre", "code", "span", "div", "em", "strong", "s", "del", "ins", "sup", "sub", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "dl", "dt", "dd", "kbd", "mark",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start", "reversed"},
    "th": {"style"},
    "td": {"style"},
    # Class names only for code: the language and, once highlighted, the tokens' styles.
    "pre": {"class", "tabindex"},  # tabindex: a scrolling block reachable by keyboard
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},
}


class MarkdownRefused(ValueError):
    """The text is too large or too deeply nested; str() is the message for its writer."""


def render_code(code, language):
    """A code block (fenced or indented), highlighted like the code block (articles/code.py)."""
    language = language.strip().split(" ")[0][:40]
    return format_html(
        '<pre class="block-code__pre" tabindex="0"><code class="language-{}">{}</code></pre>\n',
        language or "text",
        highlight(code, language),
    )


def _fence(renderer, tokens, idx, options, env):
    return render_code(tokens[idx].content, tokens[idx].info)


def _indented_code(renderer, tokens, idx, options, env):
    return render_code(tokens[idx].content, "")


@lru_cache(maxsize=4)
def _parser(max_nesting):
    parser = MarkdownIt("commonmark", {"maxNesting": max_nesting * LEVELS_PER_NESTING + 2})
    parser.enable(["table", "strikethrough"])
    # `{reversed=reversed}` before a numbered list counts it down (articles/countdown.py).
    parser.use(front_matter_plugin).use(tasklists_plugin).use(countdown_plugin)
    parser.add_render_rule("fence", _fence)
    parser.add_render_rule("code_block", _indented_code)
    return parser


def check_size(text, max_chars):
    if len(text) > max_chars:
        raise MarkdownRefused(
            _(
                "The Markdown is too long: %(length)s characters, at most %(limit)s. "
                "Split it into several parts."
            )
            % {"length": f"{len(text):,}", "limit": f"{max_chars:,}"}
        )


def _check_nesting(tokens, max_nesting):
    deepest = max((token.level for token in tokens), default=0)
    if deepest >= max_nesting * LEVELS_PER_NESTING:
        raise MarkdownRefused(
            _(
                "Lists or quotes are nested too deeply (at most %(limit)d levels). "
                "Flatten the structure."
            )
            % {"limit": max_nesting}
        )


def _adjust(tokens, heading_offset):
    """Headings moved down by heading_offset levels (so a block's `#` fits under the article's
    sections); task list checkboxes shown as ☑/☐ characters, readable everywhere (no form
    controls in an article, and the import's converter keeps them as text)."""
    for token in tokens:
        if heading_offset and token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + heading_offset)}"
        for child in token.children or ():
            if child.type == "html_inline" and "task-list-item-checkbox" in child.content:
                child.type, child.content = "text", TASK_BOXES["checked" in child.content]


def render_markdown(text, *, max_chars=None, heading_offset=0):
    """Sanitised HTML for a Markdown text; MarkdownRefused when it is over the limits
    (MARKDOWN_MAX_CHARS by default, MARKDOWN_MAX_NESTING)."""
    text = str(text or "")
    check_size(text, max_chars or settings.MARKDOWN_MAX_CHARS)
    parser = _parser(settings.MARKDOWN_MAX_NESTING)
    tokens = parser.parse(text)
    _check_nesting(tokens, settings.MARKDOWN_MAX_NESTING)
    _adjust(tokens, heading_offset)
    html = parser.renderer.render(tokens, parser.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer nofollow",
    )


def render_refused(text):
    """What a page shows for a stored Markdown text over today's limits: the text as typed,
    escaped, so the page still renders quickly and nothing is lost."""
    return format_html('<pre class="markdown-refused">{}</pre>', text)
