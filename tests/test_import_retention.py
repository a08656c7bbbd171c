"""Issue #15: a long real-world Japanese Markdown document keeps at least 95% of its inline code,
code blocks, links and list items when imported. The source is counted from markdown-it-py's
tokens, the imported article from its saved StreamField (bench/markdown_retention.py, which
prints the same figures for any file)."""

import io
import shutil
from pathlib import Path

from django.core.management import call_command
from django.utils import translation

import pytest
import support_pages as pages

from articles.markdown import render_markdown
from articles.models import ArticlePage
from bench.markdown_retention import KINDS, MIN_KEPT, block_counts, kept, markdown_counts
from imports.html_to_blocks import HtmlToBlocks
from imports.htmltree import parse_html
from imports.report import Report

GUIDE = Path(__file__).parent / "fixtures" / "markdown" / "wagtail-guide.md"


@pytest.fixture
def imported_guide(tmp_path, offline_imports):
    pages.article_index()
    folder = tmp_path / "guide"
    shutil.copytree(GUIDE.parent, folder)
    with translation.override("en"):
        call_command("import_article", str(folder / GUIDE.name), stdout=io.StringIO(),
                     stderr=io.StringIO())  # fmt: skip
    return ArticlePage.objects.get(slug="wagtail-django-japanese-blog-guide")


@pytest.mark.django_db
def test_the_long_japanese_guide_keeps_95_percent_of_each_kind(imported_guide):
    text = GUIDE.read_text(encoding="utf-8")
    assert len(text) >= 15_000
    source = markdown_counts(text)
    # The fixture has plenty of each, so a ratio means something.
    assert source["inline_code"] > 150 and source["code_blocks"] > 15
    assert source["links"] > 20 and source["list_items"] > 60
    saved = ArticlePage.objects.get(pk=imported_guide.pk)
    imported = block_counts(saved.body)
    shares = kept(source, imported)
    assert all(shares[kind] >= MIN_KEPT for kind in KINDS), (dict(source), dict(imported))
    # Nothing is invented either (code turned into inline code would count twice).
    assert all(imported[kind] <= source[kind] for kind in KINDS), (dict(source), dict(imported))


def test_source_counts_come_from_the_tokens():
    text = (
        "---\ntitle: `x`\n---\n\n# 題 `a`\n\n- `b` と [c](https://c.jp/)\n- <https://d.jp/>\n\n"
        " ```py\n `e`\n ```\n\n    indented\n\n本文の `` ` `` と ![画像](i.png)\n"
    )
    counts = markdown_counts(text)
    assert counts == {"inline_code": 3, "links": 2, "list_items": 2, "code_blocks": 2}


def _blocks(markdown_text):
    converter = HtmlToBlocks(Report())
    return converter.convert(render_markdown(markdown_text))


def test_a_code_fence_in_a_list_item_stays_a_code_block():
    """Before: the fence became an inline code span on the item's line, and the code lost its
    line structure."""
    blocks = _blocks(
        '1. 設定します。\n\n   ```toml\n   [site]\n\n   name = "帖"\n   ```\n\n2. 確かめます。\n'
    )
    assert [kind for kind, _value in blocks] == ["markdown"]
    rendered = parse_html(render_markdown(blocks[0][1]))
    items = list(rendered.iter("li"))
    assert len(items) == 2
    pre = items[0].find("pre")
    assert pre is not None and pre.find("code").get("class") == "language-toml"
    assert items[1].find("pre") is None
    assert markdown_counts(blocks[0][1])["code_blocks"] == 1
    assert markdown_counts(blocks[0][1])["inline_code"] == 0


def test_a_table_and_a_quote_in_a_list_item_keep_their_code_and_links():
    blocks = _blocks(
        "- 項目\n\n  | a | b |\n  |---|---|\n  | `c` | [d](https://d.jp/) |\n\n"
        "  > **太字**と[引用元](https://q.jp/)\n\n  - 入れ子 `x`\n- 次\n"
    )
    assert [kind for kind, _value in blocks] == ["markdown"]
    rendered = parse_html(render_markdown(blocks[0][1]))
    first = next(rendered.iter("li"))
    assert first.find("table").find("code") is not None
    assert first.find("blockquote").find("strong") is not None
    assert {a.get("href") for a in first.iter("a")} == {"https://d.jp/", "https://q.jp/"}
    assert markdown_counts(blocks[0][1]) == {"list_items": 3, "inline_code": 2, "links": 2}


def test_a_one_space_indented_fence_does_not_swallow_the_list_after_it():
    blocks = _blocks(" ```yaml\n a: 1\n ```\n\n- 一\n- 二\n- 三\n")
    assert [kind for kind, _value in blocks] == ["code", "bullet_list"]
    assert blocks[0][1]["code"] == "a: 1"
    assert len(blocks[1][1]["items"]) == 3


def test_a_quote_keeps_its_bold_links_and_inline_code():
    blocks = _blocks("> **注意:** `live()` で絞る。[経緯](https://t.jp/214)\n>\n> — 運用チーム\n")
    assert blocks == [
        (
            "quote",
            {
                "text": '<p><b>注意:</b> <code>live()</code> で絞る。<a href="https://t.jp/214">経緯</a></p>',
                "source": "運用チーム",
            },
        )
    ]
