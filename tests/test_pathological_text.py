"""Pathological text (100-300 KB built to make regular expressions backtrack) through every
function that runs patterns over what authors, importers and readers write. Each case runs in
a child process that is stopped after a generous bound: linear code finishes in a few seconds
on a slow machine, a quadratic pattern takes minutes. Not a timing test: how long each takes is
not asserted, only that the worker is not held (bench/ prints speed figures)."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOUND_SECONDS = 90

SETUP = """
import os, sys
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogsite.settings.test")
import django
django.setup()
"""

CASES = {
    # A long run of hiragana without a long-vowel mark: "[ぁ-ゖー]*ー[ぁ-ゖー]*" backtracked
    # from every character (search/variants.py, run when an article is indexed on save).
    "search index, hiragana without a long-vowel mark": """
        from search.variants import variant_tokens
        variant_tokens("あ" * 300_000 + "。ふりーらんす")
    """,
    # Thousands of line breaks inside one paragraph, and before a quote's source line:
    # "(?:<br/>| )+$" was tried from every break (imports/html_to_blocks.py).
    "HTML import, a paragraph of line breaks": """
        from imports.html_to_blocks import HtmlToBlocks
        from imports.report import Report
        HtmlToBlocks(Report()).convert("<p>a" + "<br>" * 60_000 + "x</p>")
        HtmlToBlocks(Report()).convert(
            "<blockquote><p>" + "a<br>" * 50_000 + "<em>— 出典</em></p></blockquote>"
        )
    """,
    # html.parser searched to the end of the text again for every "<" whose ">" or "-->"
    # never came (minutes for these); thousands of nested blocks made each new one walk the
    # open elements (imports/htmltree.py).
    "HTML import, unclosed markup and deep nesting": """
        from imports.html_to_blocks import HtmlToBlocks
        from imports.report import Report
        for text in ("<a" * 150_000, "<!--" * 75_000, "<!-- x >" * 40_000, "<![" * 100_000,
                     "<p>" + "<section>" * 30_000):
            HtmlToBlocks(Report()).convert(text)
    """,
    "proofreading": """
        from proofreading.checker import proofread
        for text in ("漢\\n" * 50_000, "。" * 100_000, "ｱ" * 100_000, "Ａ" * 100_000):
            proofread(text)
    """,
    "comment text": """
        from comments.text import count_links, render_comment
        for text in ("http://" + "a" * 100_000, "www." * 25_000, "<" * 100_000, " " * 100_000):
            render_comment(text)
            count_links(text)
    """,
    "Markdown block at its size limit": """
        from articles.markdown import render_markdown
        for text in ("[" * 19_000, "_a" * 9_500, "*" * 19_000, "`" * 19_000, "<!--" * 4_500):
            render_markdown("# 題\\n\\n" + text)
    """,
    "Markdown import at its size limit": """
        from imports.markdown import markdown_to_article
        from imports.report import Report
        for text in ("*" * 99_000, "`" * 99_000, "ー" * 99_000, "|" * 99_000):
            markdown_to_article("# 題\\n\\n" + text, report=Report())
    """,
}


@pytest.mark.parametrize("name", CASES)
def test_pathological_text_does_not_hold_the_worker(name):
    code = SETUP.format(root=str(ROOT)) + textwrap.dedent(CASES[name])
    try:
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=BOUND_SECONDS,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: still running after {BOUND_SECONDS} s (a backtracking pattern?)")
    assert result.returncode == 0, result.stderr[-2000:]
