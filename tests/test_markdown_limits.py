"""The hostile Markdown of issue #12 (nested brackets, a 1 MB text, 2,000 front-matter tags, a
1,500-level nested list) through the import form, the import command and the Markdown block:
each is converted or refused with a clear Japanese message, never a stalled worker. How long
each takes is printed by bench/markdown_limits.py (tests check behaviour, not time)."""

import io

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

import pytest
import support_pages as pages

from articles.blocks import ArticleBodyBlock
from articles.markdown import render_code, render_markdown
from articles.models import ArticlePage

BLOCK = ArticleBodyBlock().child_blocks["markdown"]
NESTED_BRACKETS = "# 括弧\n\n" + "[" * 8192 + "]" * 8192  # 16 KB
HOSTILE_1MB = "# 長文\n\n" + "_a" * 500_000
MANY_TAGS = "---\ntags:\n" + "".join(f"  - tag{n}\n" for n in range(2000)) + "---\n# 題\n\n本文\n"
# 1,500 levels on one line ("- - - …": each marker opens a list inside the previous item)
DEEP_LIST = "# 入れ子\n\n" + "- " * 1500 + "項目\n"
DEEP_INDENTED_LIST = "# 入れ子\n\n" + "".join("  " * depth + "- 項目\n" for depth in range(1500))


@pytest.fixture
def index(db):
    return pages.article_index()


@pytest.fixture
def admin_client(client, django_user_model, index):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.jp", "pw"))
    return client


def import_by_form(client, text):
    data = {"markdown_text": text, "index": pages.article_index().pk}
    return client.post("/admin/import/", data, HTTP_ACCEPT_LANGUAGE="ja")


def import_by_command(tmp_path, text):
    path = tmp_path / "hostile.md"
    path.write_text(text, encoding="utf-8")
    with translation.override("ja"):
        call_command("import_article", str(path), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_sixteen_kb_of_nested_brackets_imports_as_text(admin_client):
    response = import_by_form(admin_client, NESTED_BRACKETS)
    assert response.status_code == 302
    page = ArticlePage.objects.get()
    assert page.title == "括弧"
    assert "[[[[" in str(page.body)


@pytest.mark.parametrize(
    "text, message",
    [
        (HOSTILE_1MB, "Markdown が長すぎます（1,000,006 文字。上限は 100,000 文字）"),
        (MANY_TAGS, "フロントマターのタグが多すぎます（2000 個。上限は 30 個）"),
        (DEEP_LIST, "箇条書きや引用の入れ子が深すぎます（最大 10 段）"),
        (DEEP_INDENTED_LIST, "Markdown が長すぎます（2,256,007 文字。上限は 100,000 文字）"),
    ],
    ids=["1MB", "2000-tags", "1500-levels", "1500-indented-levels"],
)
@pytest.mark.django_db
def test_hostile_imports_are_refused_in_japanese(admin_client, tmp_path, text, message):
    response = import_by_form(admin_client, text)
    assert response.status_code == 200
    assert message in response.content.decode()
    with pytest.raises(CommandError, match=message.replace("（", ".").replace("）", ".")):
        import_by_command(tmp_path, text)
    assert not ArticlePage.objects.exists()


def test_the_block_refuses_what_is_over_the_limits_when_saved():
    for text in ("a" * 20_001, DEEP_LIST, "> " * 50 + "引用"):
        with translation.override("ja"), pytest.raises(ValidationError) as refused:
            BLOCK.clean(text)
        assert "Markdown が長すぎます" in str(refused.value) or "入れ子が深すぎます" in str(
            refused.value
        )
    assert BLOCK.clean("- 一\n  - 二\n    - 三") == "- 一\n  - 二\n    - 三"


def test_a_stored_block_over_the_limits_renders_as_escaped_text():
    html = BLOCK.render(BLOCK.to_python(DEEP_LIST + "<script>x</script>"))
    assert '<pre class="markdown-refused">' in html
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_hostile_block_texts_render_as_text():
    html = BLOCK.render(BLOCK.to_python("[" * 8000 + "]" * 8000))
    assert html.count("[") == 8000


def test_github_flavoured_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "---\ntitle: x\n---\n| a | b |\n|--:|---|\n| 1 | 2 |\n\n~~消し~~ `code <b>`\n\n"
        "- [x] 済み\n- [ ] まだ\n\n   ```python\n   print(1)\n   ```\n\n"
        '<img src=x onerror="alert(1)"> [l](javascript:alert(1))'
    )
    assert "title: x" not in html  # front matter is not shown
    assert '<th style="text-align:right">a</th>' in html
    assert "<s>消し</s>" in html and "<code>code &lt;b&gt;</code>" in html
    assert "☑ 済み" in html and "☐ まだ" in html and "<input" not in html
    # An indented fence (valid CommonMark) is a code block, highlighted like the code block.
    assert '<code class="language-python"><span class="tok-nb">print</span>' in html
    assert "onerror" not in html and 'href="javascript' not in html


def test_code_blocks_go_through_one_function():
    html = render_code("<x>", "html extra")
    assert html.startswith('<pre class="block-code__pre" tabindex="0"><code class="language-html">')
    assert '<span class="tok-nt">x</span>' in html and "<x>" not in html
    assert render_code("a < b", "").endswith('<code class="language-text">a &lt; b</code></pre>\n')
