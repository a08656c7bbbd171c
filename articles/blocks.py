"""The blocks an author can put in an article body.

The block names (heading, paragraph, bullet_list, quote, markdown, image, embed, callout) and
their field names are a stable contract: importers, exporters and tests rely on them.
"""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from wagtailmarkdown.blocks import MarkdownBlock

from .widgets import OfflineMarkdownTextarea

# Headings are blocks of their own, never formatting inside a paragraph, so that the outline
# and the table of contents stay right.
INLINE_FEATURES = ["bold", "italic", "link"]

HEADING_LEVELS = [
    ("h2", _("Heading (large)")),
    ("h3", _("Subheading (medium)")),
    ("h4", _("Minor heading (small)")),
]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        label=_("Heading text"),
        max_length=120,
        help_text=_("Short and clear; it also appears in the table of contents."),
    )
    level = blocks.ChoiceBlock(
        label=_("Size"),
        choices=HEADING_LEVELS,
        default="h2",
        required=True,
        help_text=_("Use a large heading for each section, medium ones inside a section."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "articles/blocks/heading.html"
        description = _("A section title, listed in the table of contents.")
        preview_value = {"text": _("Why I started writing"), "level": "h2"}
        form_classname = "heading-block"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", INLINE_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "articles/blocks/paragraph.html"
        description = _("Ordinary text. You can make words bold or italic and add links.")
        preview_value = _("<p>Write your text here. Press Enter for a new paragraph.</p>")


class BulletListBlock(blocks.StructBlock):
    ordered = blocks.BooleanBlock(
        label=_("Numbered list"),
        required=False,
        help_text=_("Tick to number the items (1, 2, 3…); leave empty for bullet points."),
    )
    items = blocks.ListBlock(
        blocks.RichTextBlock(features=INLINE_FEATURES, label=_("Item")),
        label=_("Items"),
        min_num=1,
        help_text=_("One point per item. Use the + button to add another."),
    )

    class Meta:
        icon = "list-ul"
        label = _("List")
        template = "articles/blocks/bullet_list.html"
        description = _("Bullet points or a numbered list.")
        preview_value = {
            "ordered": False,
            "items": [_("<p>First point</p>"), _("<p>Second point</p>")],
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("Quotation"),
        rows=3,
        help_text=_("The words being quoted, without quotation marks."),
    )
    source = blocks.CharBlock(
        label=_("Who said it"),
        required=False,
        max_length=200,
        help_text=_("Optional: a person, a book or a website."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "articles/blocks/quote.html"
        description = _("Someone's words, shown set apart with their source.")
        preview_value = {
            "text": _("Writing is thinking on paper."),
            "source": _("A mentor"),
        }


class ArticleMarkdownBlock(MarkdownBlock):
    @cached_property
    def field(self):
        widget = OfflineMarkdownTextarea(attrs={"rows": self.rows})
        return forms.CharField(**{"widget": widget, **self.field_options})

    class Meta:
        icon = "code"
        label = _("Markdown")
        template = "articles/blocks/markdown.html"
        description = _("For code samples and tables, written in Markdown.")
        preview_value = "```python\nprint('hello')\n```"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Description for screen readers"),
        max_length=250,
        help_text=_("Describe what the picture shows, for readers who cannot see it."),
    )
    caption = blocks.CharBlock(
        label=_("Caption"),
        required=False,
        max_length=250,
        help_text=_("Optional: shown under the image."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "articles/blocks/image.html"
        description = _("A picture with a description and an optional caption.")


class VideoEmbedBlock(blocks.StructBlock):
    url = EmbedBlock(
        label=_("Address (URL)"),
        help_text=_("Paste the address of a YouTube or Vimeo video or a post to embed."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Embed (video etc.)")
        template = "articles/blocks/embed.html"
        description = _("A video or a post from another site, shown inside the article.")


CALLOUT_KINDS = [
    ("info", _("Note")),
    ("tip", _("Tip")),
    ("warning", _("Warning")),
]


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(label=_("Type"), choices=CALLOUT_KINDS, default="info")
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=100)
    text = blocks.RichTextBlock(label=_("Text"), features=INLINE_FEATURES)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["kind_label"] = dict(CALLOUT_KINDS).get(value["kind"], "")
        return context

    class Meta:
        icon = "warning"
        label = _("Note box")
        template = "articles/blocks/callout.html"
        description = _("A highlighted box for a tip, a note or a warning.")
        preview_value = {
            "kind": "tip",
            "title": _("Tip"),
            "text": _("<p>Save a draft often.</p>"),
        }


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    bullet_list = BulletListBlock()
    quote = QuoteBlock()
    markdown = ArticleMarkdownBlock()
    image = ImageBlock()
    embed = VideoEmbedBlock()
    callout = CalloutBlock()

    class Meta:
        block_counts = {}
