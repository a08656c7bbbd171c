"""`manage.py import_article`: a Markdown file → one ArticlePage with native blocks."""

import io
import shutil
from pathlib import Path

from django.core.management import CommandError, call_command
from django.utils import translation

from wagtail.images import get_image_model

import pytest
import support_pages as pages

from articles.models import ArticlePage
from imports.htmltree import parse_html

FIXTURES = Path(__file__).parent / "fixtures" / "import" / "markdown"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offline_imports")]


@pytest.fixture
def article_md(tmp_path):
    folder = tmp_path / "draft"
    shutil.copytree(FIXTURES, folder)
    return folder / "article.md"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    # English msgids: the default language (ja) would follow the translators' catalogue.
    with translation.override("en"):
        call_command("import_article", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def body_structure(page_html):
    """Counts and texts of the rendered article body, to compare with the source."""
    root = parse_html(page_html)
    body = next(e for e in root.iter("div") if "article__body" in e.classes)

    def texts(tag):
        from imports.htmltree import plain_text

        return [plain_text(e) for e in body.iter(tag)]

    return {
        tag: texts(tag)
        for tag in ("h2", "h3", "h4", "ul", "ol", "li", "blockquote", "img", "pre", "table")
    }


def test_a_draft_is_created_and_the_last_line_is_its_url(index, article_md):
    out, err = run(article_md)
    page = ArticlePage.objects.get()
    assert out.strip().splitlines()[-1] == page.full_url
    assert page.slug == "原稿用紙からmarkdownへ"  # Japanese slugs stay readable
    assert not page.live
    assert page.revisions.count() == 1
    assert page.get_parent().pk == index.pk
    assert page.title == "原稿用紙からMarkdownへ"
    # The first paragraph is the lead (its soft line break between Japanese text removed).
    assert page.lead == (
        "長い文章を書くとき、道具は思った以上に大事です。"
        "この記事では、手書きからMarkdownに移った経緯をまとめます。"
    )
    assert "images/missing.png" in err  # reported, not fatal


def test_markdown_becomes_native_blocks(index, article_md):
    run(article_md)
    page = ArticlePage.objects.get()
    assert [block.block_type for block in page.body] == [
        "heading", "paragraph", "image", "heading", "bullet_list", "heading", "bullet_list",
        "heading", "markdown", "quote", "heading", "image", "code", "table", "embed",
        "heading", "paragraph",
    ]  # fmt: skip
    blocks = list(page.body)
    assert blocks[0].value["text"] == "きっかけ" and blocks[0].value["level"] == "h2"
    assert blocks[3].value["level"] == "h3"
    paragraph = blocks[1].value.source
    assert "<b>万年筆</b>" in paragraph and "<i>清書</i>" in paragraph
    assert '<a href="https://example.com/rewrite">書き直し</a>' in paragraph
    assert "<code>git diff</code>" in paragraph
    assert blocks[2].value["alt"] == "机の上のノートパソコン"
    assert blocks[2].value["caption"] == "いまの仕事机"
    assert blocks[4].value["ordered"] is False and len(blocks[4].value["items"]) == 3
    assert blocks[6].value["ordered"] is True
    assert blocks[8].value == "- 書く道具\n    - エディタ\n    - 辞書\n- 見直す道具"
    assert blocks[9].value["text"].source == "<p>道具が変われば、文章も変わる。</p>"
    assert blocks[9].value["source"] == "ある作家"
    assert blocks[12].value["language"] == "python" and blocks[12].value["code"]
    assert blocks[13].value["data"][0][:2] == ["年", "文字数"]
    assert blocks[13].value["first_row_is_table_header"]
    assert blocks[14].value["url"].url == "https://www.youtube.com/watch?v=writing1234"
    assert get_image_model().objects.count() == 2


def test_published_round_trip_renders_the_same_structure(client, index, article_md):
    out, _err = run(article_md, "--publish")
    page = ArticlePage.objects.get()
    assert page.live and page.first_published_at
    response = client.get(page.url)
    assert response.status_code == 200
    rendered = body_structure(response.content.decode())
    assert rendered["h2"] == ["きっかけ", "記録", "まとめ"]
    assert rendered["h3"] == ["移行して良かったこと", "手順", "道具の分類"]
    assert len(rendered["ol"]) == 1
    assert len(rendered["ul"]) == 3  # one list block, and the nested Markdown list (outer, inner)
    assert {"差分が取れる", "テキストエディタを選ぶ", "エディタ"} <= set(rendered["li"])
    assert rendered["blockquote"] == ["道具が変われば、文章も変わる。"]
    assert len(rendered["img"]) == 2
    assert len(rendered["pre"]) == 1 and len(rendered["table"]) == 1


def test_index_option_picks_the_list_and_reports_unknown_slugs(article_md):
    pages.article_index()
    other = pages.article_index(slug="notes", title="ノート")
    run(article_md, "--index", "notes")
    assert ArticlePage.objects.get().get_parent().pk == other.pk
    with pytest.raises(CommandError) as error:
        run(article_md, "--index", "nope")
    assert (
        "nope" in str(error.value)
        and "articles" in str(error.value)
        and "notes" in str(error.value)
    )


def test_without_any_article_list_the_error_is_clear(article_md):
    with pytest.raises(CommandError, match="no article list"):
        run(article_md)


def test_shift_jis_markdown_is_decoded_with_a_warning(index, tmp_path):
    source = tmp_path / "sjis.md"
    source.write_bytes(
        "# 文字コードの話\n\nシフトJISで保存した原稿です。\n\n## 本文\n\n①②の記号も。".encode(
            "cp932"
        )
    )
    out, err = run(source)
    page = ArticlePage.objects.get()
    assert page.title == "文字コードの話"
    assert page.lead == "シフトJISで保存した原稿です。"
    assert "Shift_JIS" in err


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty"), (b"  \n\n", "empty"), (b"\x81\xff\xfe\x00\x80\x9f\xff" * 3, "UTF-8")],
)
def test_bad_files_give_a_clear_error_and_change_nothing(index, tmp_path, content, message):
    source = tmp_path / "bad.md"
    source.write_bytes(content)
    existing = pages.article(title="既存の記事", slug="existing")
    with pytest.raises(CommandError, match=message):
        run(source)
    assert list(ArticlePage.objects.all()) == [existing]


def test_a_missing_file_is_a_clear_error(index, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "nope.md")


def test_without_a_title_line_the_file_name_is_used(index, tmp_path):
    source = tmp_path / "memo-2024.md"
    source.write_text("タイトル行のないメモ。\n\n## 見出し\n\n本文。", encoding="utf-8")
    _out, err = run(source)
    page = ArticlePage.objects.get()
    assert page.title == "memo-2024"
    assert page.lead == "タイトル行のないメモ。"
    assert "file name" in err


def test_front_matter_fills_tags_and_slug(index, tmp_path):
    source = tmp_path / "zenn.md"
    source.write_text(
        '---\ntitle: "前置きの題"\nemoji: "📝"\ntopics: ["python", "執筆"]\nslug: zenn-style\n---\n'
        "本文の最初の段落。\n\n## 節\n\n続き。",
        encoding="utf-8",
    )
    run(source)
    page = ArticlePage.objects.get()
    assert (page.title, page.slug) == ("前置きの題", "zenn-style")
    assert sorted(page.tags.names()) == ["python", "執筆"]


def test_images_outside_the_markdown_are_not_downloaded(index, tmp_path):
    source = tmp_path / "remote.md"
    source.write_text(
        "# 外部画像\n\nリード。\n\n![外](https://example.com/a.png)\n\n本文。", encoding="utf-8"
    )
    _out, err = run(source)
    assert "Remote image not downloaded" in err
    assert get_image_model().objects.count() == 0


@pytest.mark.parametrize("chosen", ["yamada", "山田 花子"])  # address name, or name as written
def test_author_option_sets_the_author_profile(index, article_md, chosen):
    profile = pages.author(slug="yamada", name="山田 花子")
    pages.author(slug="other", name="別の 人")
    run(article_md, "--author", chosen)
    assert ArticlePage.objects.get().author == profile


def test_an_unknown_author_is_a_clear_error_and_creates_nothing(index, article_md):
    pages.author(slug="yamada", name="山田 花子")
    with pytest.raises(CommandError, match="Available: yamada"):
        run(article_md, "--author", "nobody")
    assert not ArticlePage.objects.exists()
