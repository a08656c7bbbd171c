"""Each body block renders semantic HTML through its own template."""

import io

from django.core.files.images import ImageFile

from wagtail.images.models import Image

import pytest
from PIL import Image as PILImage

from articles.blocks import ArticleBodyBlock

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
        "callout",
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
    assert BLOCKS["paragraph"].features == ["bold", "italic", "link"]


@pytest.mark.parametrize(("ordered", "tag"), [(False, "ul"), (True, "ol")])
def test_bullet_list_is_a_real_list(ordered, tag):
    html = render("bullet_list", {"ordered": ordered, "items": ["<p>一つ目</p>", "<p>二つ目</p>"]})
    assert html.strip().startswith(f'<{tag} class="block-list">')
    assert html.count("<li>") == 2 and html.strip().endswith(f"</{tag}>")


def test_quote_is_a_figure_with_blockquote_and_cited_source():
    html = render("quote", {"text": "一行目\n二行目", "source": "ある先輩"})
    assert "<figure" in html and "<blockquote><p>一行目<br>二行目</p></blockquote>" in html
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
    assert "<table>" in html and "<pre>" in html
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
