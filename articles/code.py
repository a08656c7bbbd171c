"""Syntax highlighting on the server, shared by the code block and (later) fenced code in
Markdown: one function, class-based output styled by articles/css/code.css, no inline style."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

# The languages offered in the code block, as (Pygments alias, label). "other" is plain text.
LANGUAGES = [
    ("python", "Python"),
    ("javascript", "JavaScript"),
    ("typescript", "TypeScript"),
    ("html", "HTML"),
    ("css", "CSS"),
    ("bash", _("Shell (bash)")),
    ("console", _("Terminal session")),
    ("sql", "SQL"),
    ("json", "JSON"),
    ("yaml", "YAML"),
    ("toml", "TOML"),
    ("django", _("Django template")),
    ("go", "Go"),
    ("rust", "Rust"),
    ("java", "Java"),
    ("c", "C"),
    ("cpp", "C++"),
    ("php", "PHP"),
    ("ruby", "Ruby"),
    ("diff", "diff"),
    ("other", _("Other (no highlighting)")),
]

# Spans only (nowrap): the caller owns the <pre><code> around them.
FORMATTER = HtmlFormatter(nowrap=True, classprefix="tok-")


def highlight(code, language):
    """The code as safe HTML: spans with `tok-*` classes for a known language, escaped plain
    text otherwise (unknown, "other" or empty language)."""
    try:
        lexer = get_lexer_by_name(language or "", stripnl=False, ensurenl=False)
    except ClassNotFound:
        return mark_safe(escape(code))  # noqa: S308 - escaped just here
    return mark_safe(pygments_highlight(code, lexer, FORMATTER))  # noqa: S308 - Pygments escapes
