"""Each body block renders semantic HTML through its own template."""

import io

from django.core.files.images import ImageFile

from wagtail.images.models import Image

import pytest
from PIL import Image as PILImage

from articles.blocks import ArticleBodyBlock
from imports.htmltree import parse_html, plain_text

BLOCKS = ArticleBodyBlock().child_blocks


def render(name, value, **context):
    block = BLOCKS[name]
    return block.render(block.to_python(value), context=context)


def test_block_names_are_the_stable_contract():
    assert list(BLOCKS) == [
        "heading",
        "paragraph",
        "bullet_list",
        "quote",
        "markdown",
        "image",
        "embed",
        "video",
        "audio",
        "callout",
        "code",
        "table",
        "gallery",
        "balloon",
        "link_card",
    ]


@pytest.mark.parametrize("level", ["h2", "h3", "h4"])
def test_heading_renders_its_level_with_the_anchor(level):
    html = render("heading", {"text": "見出し", "level": level}, anchor="見出し")
    assert html.strip() == f'<{level} id="見出し">見出し</{level}>'


def test_heading_level_is_required():
    with pytest.raises(Exception, match="required|必須"):
        BLOCKS["heading"].child_blocks["level"].clean("")


def test_paragraph_keeps_allowed_formatting():
    html = render("paragraph", '<p>太字は<b>ここ</b>、<a href="https://example.com">リンク</a></p>')
    assert "<b>ここ</b>" in html and 'href="https://example.com"' in html


def test_paragraph_offers_only_inline_features():
    assert BLOCKS["paragraph"].features == ["bold", "italic", "link", "code"]


@pytest.mark.parametrize(("ordered", "tag"), [(False, "ul"), (True, "ol")])
def test_bullet_list_is_a_real_list(ordered, tag):
    html = render("bullet_list", {"ordered": ordered, "items": ["<p>一つ目</p>", "<p>二つ目</p>"]})
    assert html.strip().startswith(f'<{tag} class="block-list">')
    assert html.count("<li>") == 2 and html.strip().endswith(f"</{tag}>")


def test_numbered_list_keeps_its_start_and_counts_down():
    value = {"ordered": True, "start": 3, "reversed": True, "items": ["<p>三</p>", "<p>二</p>"]}
    html = render("bullet_list", value)
    assert parse_html(html).find("ol").attrs == {
        "class": "block-list",
        "start": "3",
        "reversed": "",
    }
    plain = render("bullet_list", {"ordered": True, "items": ["<p>一</p>"]})
    assert parse_html(plain).find("ol").attrs == {"class": "block-list"}


def test_quote_reads_plain_text_stored_before_it_became_rich_text():
    html = render("quote", {"text": "一行目\n二行目", "source": "ある先輩"})
    assert "<figure" in html and "<blockquote><p>一行目<br/>二行目</p></blockquote>" in html
    assert "<figcaption>— <cite>ある先輩</cite></figcaption>" in html


def test_quote_without_source_has_no_empty_caption():
    assert "figcaption" not in render("quote", {"text": "言葉", "source": ""})


def test_quote_escapes_html():
    assert "<script>" not in render("quote", {"text": "<script>alert(1)</script>", "source": ""})


def test_markdown_renders_code_tables_and_is_sanitised():
    source = (
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('x')\n```\n\n<script>alert(1)</script>"
    )
    html = render("markdown", source)
    assert "<table>" in html and '<pre class="block-code__pre"' in html
    assert '<span class="tok-nb">print</span>' in html  # highlighted like the code block
    assert "<script>" not in html


def test_markdown_headings_start_below_the_article_sections():
    assert "<h3" in render("markdown", "# 小見出し")


def test_callout_uses_its_kind_label_when_untitled():
    html = render("callout", {"kind": "warning", "title": "", "text": "<p>注意点</p>"})
    assert 'class="callout callout--warning"' in html and "<p>注意点</p>" in html
    assert 'class="callout__title"' in html


@pytest.mark.django_db
def test_image_block_has_alt_srcset_dimensions_and_lazy_loading():
    buffer = io.BytesIO()
    PILImage.new("RGB", (2000, 1000), "#336699").save(buffer, format="PNG")
    image = Image.objects.create(title="図", file=ImageFile(buffer, name="figure.png"))
    html = render("image", {"image": image.pk, "alt": "移行の流れを示す図", "caption": "図1"})
    assert 'alt="移行の流れを示す図"' in html and 'loading="lazy"' in html
    assert "srcset=" in html and 'width="1600"' in html and 'height="800"' in html
    assert "<figcaption>図1</figcaption>" in html


def test_image_alt_text_is_required():
    assert BLOCKS["image"].child_blocks["alt"].required


@pytest.mark.django_db
def test_embed_falls_back_to_a_link_when_the_provider_cannot_be_reached():
    html = render("embed", {"url": "https://video.invalid/watch?v=1", "caption": "録画"})
    assert '<a href="https://video.invalid/watch?v=1"' in html
    assert "<figcaption>録画</figcaption>" in html


def test_every_block_explains_itself_in_the_chooser():
    for name, block in BLOCKS.items():
        assert block.meta.description, name
        assert block.meta.icon, name


def test_quote_keeps_links_bold_and_inline_code():
    html = render(
        "quote",
        {"text": '<p><b>強調</b>と<a href="https://example.com/">リンク</a>と<code>x</code></p>'},
    )
    assert "<blockquote><p><b>強調</b>と" in html and 'href="https://example.com/"' in html
    assert "<code>x</code>" in html


@pytest.mark.parametrize("name", ["paragraph", "callout", "quote", "balloon"])
def test_inline_code_is_offered_wherever_text_is_written(name):
    block = BLOCKS[name]
    text = block if name == "paragraph" else block.child_blocks["text"]
    assert "code" in text.features


def test_inline_code_in_a_list_item_renders_as_code():
    html = render("bullet_list", {"ordered": False, "items": ["<p><code>pip install</code></p>"]})
    assert "<li><p><code>pip install</code></p></li>" in html


def test_code_block_is_highlighted_on_the_server_with_classes_only():
    html = render(
        "code",
        {"language": "python", "filename": "app.py", "code": 'def f():\n    return "<b>"\n'},
    )
    assert '<code class="language-python"><span class="tok-k">def</span>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "style=" not in html and "app.py" in html
    assert 'tabindex="0"' in html  # the scrolling code can be reached with the keyboard
    assert "<script" not in html  # once per page (tests/test_stored_body.py)


def test_code_block_in_another_language_is_escaped_plain_text():
    html = render("code", {"language": "other", "filename": "", "code": "<script>x</script>"})
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "tok-" not in html.split("<pre")[1]


def test_highlight_keeps_every_character_of_the_code():
    from html import unescape

    from django.utils.html import strip_tags

    from articles.code import highlight

    code = "  if a < b:\n\tprint('日本語')  # 注釈\n\n"
    for language in ["python", "bash", "other", "no-such-language", ""]:
        assert unescape(strip_tags(highlight(code, language))) == code


def test_table_has_caption_header_row_and_scrolls_as_a_region():
    html = render(
        "table",
        {
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "table_caption": "対応表",
            "data": [["名前", "値"], ["a", "<b>1</b>"]],
        },
    )
    assert "<caption>対応表</caption>" in html and '<th scope="col">名前</th>' in html
    assert '<th scope="row">a</th>' in html and "<td>&lt;b&gt;1&lt;/b&gt;</td>" in html
    assert 'role="region"' in html and 'aria-label="対応表"' in html and 'tabindex="0"' in html


def picture(name="figure.png", size=(1200, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#336699").save(buffer, format="PNG")
    return Image.objects.create(title=name, file=ImageFile(buffer, name=name))


@pytest.mark.django_db
def test_gallery_links_each_picture_to_its_full_size():
    first, second = picture("a.png"), picture("b.png")
    html = render(
        "gallery",
        {
            "images": [
                {"image": first.pk, "alt": "一枚目の図", "caption": "図1"},
                {"image": second.pk, "alt": "二枚目の図", "caption": ""},
            ],
            "caption": "画面の一覧",
        },
    )
    assert html.count("<li>") == 2 and 'alt="一枚目の図"' in html and 'alt="二枚目の図"' in html
    assert html.count('class="block-gallery__link"') == 2 and "max-2400x2400" in html
    assert "<figcaption>図1</figcaption>" in html and "画面の一覧</figcaption>" in html


def test_gallery_needs_two_pictures_with_alt_text():
    gallery = BLOCKS["gallery"]
    assert gallery.child_blocks["images"].meta.min_num == 2
    assert gallery.child_blocks["images"].child_block.child_blocks["alt"].required


@pytest.mark.django_db
def test_balloon_names_an_author_with_their_picture_on_the_chosen_side():
    from articles.models import Author

    author = Author.objects.create(name="佐藤 花子", slug="sato-h", avatar=picture("sato.png"))
    value = {"author": author.pk, "name": "", "side": "right", "text": "<p>はい</p>"}
    html = render("balloon", value)
    assert 'class="balloon balloon--right"' in html
    assert '<span class="balloon__name">佐藤 花子</span>' in html and 'alt=""' in html
    assert '<div class="balloon__words"><p>はい</p></div>' in html


def test_balloon_needs_an_author_or_a_name():
    from django.core.exceptions import ValidationError

    block = BLOCKS["balloon"]
    value = block.to_python({"author": None, "name": " ", "side": "left", "text": "<p>x</p>"})
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_link_card_to_a_page_of_this_site_shows_its_title_and_lead():
    import support_pages as pages

    article = pages.article("カードになる記事", lead="この記事の要約です。")
    html = render("link_card", {"page": article.pk, "url": "", "title": "", "description": ""})
    assert f'href="{article.url}"' in html and "カードになる記事" in html
    assert "この記事の要約です。" in html


def test_every_block_has_a_japanese_label_and_a_preview():
    from django.utils import translation

    with translation.override("ja"):
        for name, block in BLOCKS.items():
            assert str(block.meta.label) != name
            if name not in {"image", "embed", "gallery", "video", "audio"}:  # need an upload
                assert block.meta.preview_value, name


def test_the_editor_guide_names_every_block_as_the_admin_does():
    import re
    from pathlib import Path

    from django.utils import translation

    docs = Path(__file__).resolve().parent.parent / "docs"
    guide = (docs / "editor-guide.md").read_text(encoding="utf-8")
    table = guide[guide.index("| ブロック | 使いどころ |") :].split("\n\n")[0]
    names = [line.split("|")[1].strip() for line in table.splitlines()[2:]]
    with translation.override("ja"):
        assert names == [str(block.meta.label) for block in BLOCKS.values()]
    for picture in re.findall(r"\]\((images/block-[\w-]+\.png)\)", guide):
        assert (docs / picture).stat().st_size > 1000, picture


def media_file(name, data=b"\x00\x00\x00\x18ftypmp42"):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    return get_document_model().objects.create(title=name, file=ContentFile(data, name=name))


@pytest.mark.django_db
def test_video_plays_its_file_with_poster_caption_download_and_transcript():
    video, poster = media_file("waves.mp4"), picture("poster.png")
    value = {
        "file": video.pk,
        "poster": poster.pk,
        "caption": "寄せる波",
        "transcript": "波の音だけ。",
    }
    root = parse_html(render("video", value))
    player = root.find("video")
    assert "controls" in player.attrs and player.get("poster").startswith("/media/images/")
    source = player.find("source")
    assert source.attrs == {"src": video.url, "type": "video/mp4"}
    assert plain_text(root.find("figcaption")) == "寄せる波"
    assert plain_text(root.find("details")).endswith("波の音だけ。")
    assert root.find("a").get("href") == video.url and "download" in root.find("a").attrs
    assert root.find("script") is None and "style=" not in render("video", value)


@pytest.mark.django_db
def test_audio_plays_its_file_without_a_caption_when_none_is_given():
    recording = media_file("talk.mp3", b"ID3")
    html = render("audio", {"file": recording.pk, "caption": "", "transcript": ""})
    source = parse_html(html).find("audio").find("source")
    assert source.attrs == {"src": recording.url, "type": "audio/mpeg"}
    assert "<figcaption" not in html and "<details" not in html


@pytest.mark.django_db
def test_video_and_audio_blocks_refuse_the_wrong_kind_of_file():
    from django.core.exceptions import ValidationError

    recording, manual = media_file("talk.mp3", b"ID3"), media_file("manual.pdf", b"%PDF")
    with pytest.raises(ValidationError, match="MP4"):
        BLOCKS["video"].child_blocks["file"].clean(recording)
    with pytest.raises(ValidationError, match="MP3"):
        BLOCKS["audio"].child_blocks["file"].clean(manual)
    assert BLOCKS["audio"].child_blocks["file"].clean(recording) == recording
