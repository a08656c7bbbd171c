"""The HTML → blocks converter and the WordPress content helpers, without a database."""

from django.utils import translation

import markdown
import pytest

from imports.gutenberg import Shortcodes, WordPressContent, autop, parse_blocks
from imports.html_to_blocks import HtmlToBlocks
from imports.images import Attachment
from imports.markdown import normalize_markdown, split_front_matter
from imports.report import Report
from imports.text import DecodeError, decode_text


@pytest.fixture(autouse=True)
def english_messages():
    """The assertions below read the importer's notes in English (the Japanese catalogue is
    checked for completeness in test_project.py)."""
    with translation.override("en"):
        yield



def convert(html, report=None):
    report = report or Report()
    converter = HtmlToBlocks(report)
    blocks = converter.convert(html)
    converter.close()
    return blocks


def types(blocks):
    return [block_type for block_type, _value in blocks]


def test_headings_keep_the_outline_levels():
    blocks = convert("<h1>大</h1><h2>二</h2><h3>三</h3><h4>四</h4><h5>五</h5><h6>六</h6>")
    assert [value["level"] for _t, value in blocks] == ["h2", "h2", "h3", "h4", "h4", "h4"]
    assert [value["text"] for _t, value in blocks] == ["大", "二", "三", "四", "五", "六"]


def test_a_too_long_heading_becomes_a_bold_paragraph():
    report = Report()
    blocks = convert(f"<h2>{'長' * 130}</h2>", report)
    assert blocks == [("paragraph", f"<p><b>{'長' * 130}</b></p>")]
    assert report.warnings


def test_paragraph_keeps_bold_italic_and_safe_links_only():
    blocks = convert(
        '<p onclick="x()">A <strong>太字</strong> <em>斜体</em> '
        '<a href="https://e.jp/">リンク</a> <a href="javascript:alert(1)">危険</a>'
        '<script>alert(1)</script> <span style="x">普通</span></p>'
    )
    assert blocks == [
        (
            "paragraph",
            '<p>A <b>太字</b> <i>斜体</i> <a href="https://e.jp/">リンク</a> 危険 普通</p>',
        )
    ]


def test_text_is_escaped_and_never_becomes_markup():
    blocks = convert("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 1 &lt; 2</p>")
    assert blocks == [("paragraph", "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 1 &lt; 2</p>")]


def test_a_soft_line_break_between_japanese_characters_disappears():
    blocks = convert("<p>日本語の\n文章です。\nEnglish\ntext</p>")
    assert blocks == [("paragraph", "<p>日本語の文章です。 English text</p>")]


def test_inline_code_stays_as_text_and_is_noted():
    report = Report()
    assert convert("<p>Run <code>make test</code> now.</p>", report) == [
        ("paragraph", "<p>Run make test now.</p>")
    ]
    assert any("Inline code" in note for note in report.notes)


def test_ruby_keeps_the_reading_in_brackets():
    assert convert("<p><ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>を読む</p>") == [
        ("paragraph", "<p>漢字（かんじ）を読む</p>")
    ]


def test_flat_lists_become_list_blocks():
    blocks = convert("<ul><li>一<li><b>二</b></ul><ol><li><p>三</p><p>続き</p></li></ol>")
    assert blocks == [
        ("bullet_list", {"ordered": False, "items": ["<p>一</p>", "<p><b>二</b></p>"]}),
        ("bullet_list", {"ordered": True, "items": ["<p>三</p><p>続き</p>"]}),
    ]


def test_a_nested_list_is_kept_as_markdown():
    report = Report()
    blocks = convert("<ol><li>上<ul><li>下の<b>一</b></li></ul></li><li>次</li></ol>", report)
    assert blocks == [("markdown", "1. 上\n    - 下の**一**\n2. 次")]
    assert report.notes


@pytest.mark.parametrize(
    "html, text, source",
    [
        ("<blockquote><p>言葉。</p><cite>作者</cite></blockquote>", "言葉。", "作者"),
        ("<blockquote><p>言葉。<br>— 出典</p></blockquote>", "言葉。", "出典"),
        ("<blockquote>一行目\n二行目\n-- source</blockquote>", "一行目\n二行目", "source"),
        ("<blockquote><p>出典なし</p></blockquote>", "出典なし", ""),
        ("<blockquote><p>本文</p><footer>― 主人</footer></blockquote>", "本文", "主人"),
    ],
)
def test_quotes_find_their_source(html, text, source):
    assert convert(html) == [("quote", {"text": text, "source": source})]


def test_code_and_tables_fall_back_to_markdown():
    blocks = convert(
        '<pre><code class="language-python">if a &lt; b:\n    print("```")</code></pre>'
        "<table><tr><th>名前</th><th>値</th></tr><tr><td>a|b</td><td><b>1</b></td></tr></table>"
    )
    assert blocks == [
        ("markdown", '````python\nif a < b:\n    print("```")\n````'),
        ("markdown", "| 名前 | 値 |\n|---|---|\n| a\\|b | **1** |"),
    ]


def test_a_url_alone_in_a_paragraph_becomes_an_embed_when_a_provider_knows_it():
    blocks = convert(
        "<p>https://www.youtube.com/watch?v=abc123</p>"
        '<p><a href="https://vimeo.com/42">https://vimeo.com/42</a></p>'
        "<p>https://example.com/not-a-video</p>"
    )
    assert types(blocks) == ["embed", "embed", "paragraph"]
    assert blocks[0][1]["url"] == "https://www.youtube.com/watch?v=abc123"


def test_youtube_iframes_become_embeds_and_other_frames_are_reported():
    report = Report()
    blocks = convert(
        '<p><iframe src="https://www.youtube.com/embed/xyz987"></iframe></p>'
        '<iframe src="https://ads.example.com/frame"></iframe>',
        report,
    )
    assert blocks == [("embed", {"url": "https://www.youtube.com/watch?v=xyz987", "caption": ""})]
    assert any("ads.example.com" in warning for warning in report.warnings)


def test_images_without_a_resolver_are_reported_not_fatal():
    report = Report()
    blocks = convert('<p>前<img src="a.png" alt="A">後</p>', report)
    assert blocks == [("paragraph", "<p>前</p>"), ("paragraph", "<p>後</p>")]
    assert report.warnings == ["Image not imported: a.png"]


def test_images_are_resolved_in_place_with_caption_and_alt():
    seen = []

    def resolve(ref):
        seen.append(ref)
        return f"IMAGE:{ref.src}"

    converter = HtmlToBlocks(Report(), resolve_image=resolve)
    blocks = converter.convert(
        '<p>前</p><figure><a href="big.jpg"><img src="x-300x200.jpg" alt="代替" '
        'class="wp-image-7"></a><figcaption>説明</figcaption></figure>'
    )
    assert blocks[1] == (
        "image",
        {"image": "IMAGE:x-300x200.jpg", "alt": "代替", "caption": "説明"},
    )
    assert seen[0].attachment_id == 7


def test_markdown_output_converts_to_native_blocks():
    html = markdown.markdown(
        normalize_markdown("## 見出し\n\n段落\n- a\n- b\n  - c\n\n> 引用\n> — 誰か"),
        extensions=["fenced_code", "tables", "sane_lists"],
    )
    assert types(convert(html)) == ["heading", "paragraph", "markdown", "quote"]


def test_normalize_markdown_reindents_two_space_lists_but_not_code():
    text = "段落\n- a\n  - b\n    - c\n- d\n\n```\n  - not a list\n```"
    assert normalize_markdown(text) == (
        "段落\n\n- a\n    - b\n        - c\n- d\n\n```\n  - not a list\n```"
    )


def test_front_matter_is_read_without_yaml():
    meta, rest = split_front_matter(
        '---\ntitle: "題"\ntopics: [a, "b"]\ntags:\n  - x\n  - y\n---\n# 本文'
    )
    assert meta == {"title": "題", "topics": ["a", "b"], "tags": ["x", "y"]}
    assert rest == "# 本文"


def test_decode_text_reads_shift_jis_with_a_warning():
    warnings = []
    assert decode_text("# 日本語の見出し\n本文".encode("cp932"), warn=warnings.append) == (
        "# 日本語の見出し\n本文"
    )
    assert "Shift_JIS" in warnings[0]
    assert decode_text("\ufeff# BOM".encode()) == "# BOM"
    with pytest.raises(DecodeError):
        decode_text(b"\xff\xfe\x00\x81\x00\xff\x80")


# ---------------------------------------------------------------------------- WordPress


def test_block_grammar_nests_blocks_and_keeps_void_ones():
    parts = parse_blocks(
        "<!-- wp:group --><div><!-- wp:paragraph --><p>a</p><!-- /wp:paragraph --></div>"
        '<!-- /wp:group -->\n<!-- wp:latest-posts {"postsToShow":3} /-->'
    )
    group, newline, latest = parts
    assert group.name == "core/group"
    assert group.parts[1].name == "core/paragraph"
    assert group.html() == "<div><p>a</p></div>"
    assert newline == "\n"
    assert (latest.name, latest.attrs, latest.parts) == (
        "core/latest-posts",
        {"postsToShow": 3},
        [],
    )


def test_autop_makes_paragraphs_and_line_breaks_and_leaves_pre_alone():
    html = autop("一行目\n二行目\n\n<h2>見出し</h2>\n三行目\n<pre>a\n\nb</pre>")
    assert html == (
        "<p>一行目<br />\n二行目</p>\n<h2>見出し</h2>\n<p>三行目</p>\n<pre>a\n\nb</pre>"
    )


def test_shortcodes_caption_embed_gallery_and_unknown():
    report = Report()
    attachments = {5: Attachment(5, "https://b.example/wp-content/uploads/p.jpg", alt="写真")}
    html = Shortcodes(report, attachments).apply(
        '[caption id="attachment_5"]<img src="p.jpg" alt="A"> 説明文[/caption]'
        '[embed]https://vimeo.com/1[/embed][gallery ids="5,9"][plugin x=1]'
        "<pre>[embed]code[/embed]</pre>"
    )
    assert '<figure><img src="p.jpg" alt="A"><figcaption>説明文</figcaption></figure>' in html
    assert '<wp-embed data-url="https://vimeo.com/1"></wp-embed>' in html
    assert 'class="wp-image-5"' in html
    assert "[plugin x=1]" in html and "<pre>[embed]code[/embed]</pre>" in html
    assert len(report.warnings) == 2  # gallery id 9 missing, unknown [plugin]


def test_wordpress_content_reports_unknown_and_dynamic_blocks():
    report = Report()
    content = WordPressContent(report, resolve_image=None, attachments={})
    blocks = content.convert(
        "<!-- wp:paragraph --><p>本文</p><!-- /wp:paragraph -->"
        '<!-- wp:acme/map --><div class="map"><p>地図</p></div><!-- /wp:acme/map -->'
        "<!-- wp:archives /--><!-- wp:more --><!--more--><!-- /wp:more -->"
        '<!-- wp:embed {"url":"https://youtu.be/abc"} --><figure class="wp-block-embed">'
        '<div class="wp-block-embed__wrapper">https://youtu.be/abc</div></figure><!-- /wp:embed -->'
    )
    assert blocks == [
        ("paragraph", "<p>本文</p>"),
        ("paragraph", "<p>地図</p>"),
        ("embed", {"url": "https://youtu.be/abc", "caption": ""}),
    ]
    assert len(report.warnings) == 2


def test_text_in_a_markdown_fallback_stays_text():
    blocks = convert("<ul><li>&lt;b&gt; &amp; *星*<ul><li>下</li></ul></li></ul>")
    assert blocks == [("markdown", "- &lt;b> &amp; \\*星\\*\n    - 下")]
