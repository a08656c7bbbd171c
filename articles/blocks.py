"""The blocks an author can put in an article body.

The block names (heading, paragraph, bullet_list, quote, markdown, image, embed, video, audio,
callout, code, table, gallery, balloon, link_card) and their field names are a stable contract:
importers, exporters and tests rely on them.
"""

import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from wagtailmarkdown.blocks import MarkdownBlock

from editorial.compare import LabelledBooleanBlock, LabelledChoiceBlock

from . import markdown
from .code import LANGUAGES, highlight
from .linkpreview import fill_link_card
from .widgets import OfflineMarkdownTextarea

# Headings are blocks of their own, never formatting inside a paragraph, so that the outline
# and the table of contents stay right.
INLINE_FEATURES = ["bold", "italic", "link", "code"]

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
    level = LabelledChoiceBlock(
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
        description = _("Ordinary text: bold, italic, links and inline code.")
        preview_value = _("<p>Write your text here. Press Enter for a new paragraph.</p>")


class BulletListBlock(blocks.StructBlock):
    ordered = LabelledBooleanBlock(
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
    start = blocks.IntegerBlock(
        label=_("First number"),
        required=False,
        help_text=_("Optional, numbered lists only: count from this number instead of 1."),
    )
    reversed = LabelledBooleanBlock(
        label=_("Count down"),
        required=False,
        help_text=_("Numbered lists only: number the items downwards (3, 2, 1)."),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["numbering"] = format_html(
            "{}{}",
            format_html(' start="{}"', value["start"]) if value["start"] is not None else "",
            mark_safe(" reversed") if value["reversed"] else "",
        )
        return context

    class Meta:
        icon = "list-ul"
        label = _("List")
        template = "articles/blocks/bullet_list.html"
        description = _("Bullet points or a numbered list.")
        preview_value = {
            "ordered": False,
            "items": [_("<p>First point</p>"), _("<p>Second point</p>")],
            "start": None,
            "reversed": False,
        }


# Stored rich text starts with one of Draftail's block elements; anything else is plain text.
RICH_TEXT_START = re.compile(r"\s*<(?:p|ul|ol|h[2-6]|blockquote|hr|embed)[\s/>]")


class QuoteTextBlock(blocks.RichTextBlock):
    """Rich text that also reads the plain text quotes were stored as before they kept links
    and bold: such a value is escaped and its lines become paragraphs and line breaks."""

    def to_python(self, value):
        if isinstance(value, str) and not RICH_TEXT_START.match(value):
            value = plain_text_as_rich_text(value)
        return super().to_python(value)


def plain_text_as_rich_text(text):
    """Blank lines start a paragraph, other line breaks stay breaks (written `<br/>`, the
    form Wagtail's rich text editor reads back)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )


class QuoteBlock(blocks.StructBlock):
    text = QuoteTextBlock(
        label=_("Quotation"),
        features=INLINE_FEATURES,
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
            "text": _("<p>Writing is <b>thinking</b> on paper.</p>"),
            "source": _("A mentor"),
        }


class ArticleMarkdownBlock(MarkdownBlock):
    """wagtail-markdown's block and editor, rendered by our own linear-time module
    (articles/markdown.py) and refused at save time when over its limits."""

    @cached_property
    def field(self):
        widget = OfflineMarkdownTextarea(attrs={"rows": self.rows})
        return forms.CharField(**{"widget": widget, **self.field_options})

    def clean(self, value):
        value = super().clean(value)
        try:
            markdown.render_markdown(value, heading_offset=2)
        except markdown.MarkdownRefused as refused:
            raise ValidationError(str(refused)) from refused
        return value

    def render_basic(self, value, context=None):
        try:
            return mark_safe(markdown.render_markdown(value, heading_offset=2))  # noqa: S308 (nh3)
        except markdown.MarkdownRefused:
            return markdown.render_refused(value)

    def get_context(self, value, parent_context=None):
        return {**super().get_context(value, parent_context), "html": self.render_basic(value)}

    class Meta:
        icon = "code"
        label = _("Markdown")
        template = "articles/blocks/markdown.html"
        description = _("Text written in Markdown, e.g. pasted from another editor.")
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


class PatientEmbedBlock(EmbedBlock):
    """An embed address that is kept even when its provider cannot be reached right now
    (offline, a timeout): the article still saves, and readers get a link until the embed
    can be fetched."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            if not isinstance(value, EmbedValue):
                raise
            URLValidator(schemes=["http", "https"])(value.url)
            return value


class VideoEmbedBlock(blocks.StructBlock):
    url = PatientEmbedBlock(
        label=_("Address (URL)"),
        help_text=_("Paste the address of a YouTube or Vimeo video or a post to embed."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Embed (video etc.)")
        template = "articles/blocks/embed.html"
        description = _("A video or a post from another site, shown inside the article.")


class MediaFileBlock(DocumentChooserBlock):
    """A video or sound file from the document library, played by the reader's browser."""

    def __init__(self, kind, **kwargs):
        self.kind = kind
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value is not None and not value.content_type.startswith(f"{self.kind}/"):
            raise ValidationError(WRONG_MEDIA_FILE[self.kind])
        return value


WRONG_MEDIA_FILE = {
    "video": _("Choose a video file (MP4 or WebM)."),
    "audio": _("Choose a sound file (MP3, M4A or Ogg)."),
}


class VideoBlock(blocks.StructBlock):
    file = MediaFileBlock(
        "video",
        label=_("Video file"),
        help_text=_("Upload an MP4 or WebM file to the document library and choose it here."),
    )
    poster = ImageChooserBlock(
        label=_("Picture shown before playing"),
        required=False,
        help_text=_("Optional: otherwise the first frame is shown."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    transcript = blocks.TextBlock(
        label=_("Transcript"),
        required=False,
        rows=4,
        help_text=_("Optional: what is said (and shown), for readers who cannot hear or see it."),
    )

    class Meta:
        icon = "media"
        label = _("Video file")
        template = "articles/blocks/video.html"
        description = _("A video file of your own, played in the article.")


class AudioBlock(VideoBlock):
    file = MediaFileBlock(
        "audio",
        label=_("Sound file"),
        help_text=_("Upload an MP3, M4A or Ogg file to the document library and choose it here."),
    )
    poster = None  # a recording has no picture

    class Meta:
        label = _("Sound file")
        template = "articles/blocks/audio.html"
        description = _("A recording (a talk, music, a podcast) played in the article.")


CALLOUT_KINDS = [
    ("info", _("Note")),
    ("tip", _("Tip")),
    ("warning", _("Warning")),
]


class CalloutBlock(blocks.StructBlock):
    kind = LabelledChoiceBlock(label=_("Type"), choices=CALLOUT_KINDS, default="info")
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


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        label=_("Language"), choices=LANGUAGES, default="python", required=True
    )
    filename = blocks.CharBlock(
        label=_("File name"),
        required=False,
        max_length=120,
        help_text=_("Optional, e.g. settings.py; shown above the code."),
    )
    code = blocks.TextBlock(
        label=_("Code"),
        rows=8,
        help_text=_("Paste the code as it is; indentation is kept."),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["highlighted"] = highlight(value["code"], value["language"])
        context["language_label"] = dict(LANGUAGES).get(value["language"], "")
        return context

    class Meta:
        icon = "code"
        label = _("Code")
        template = "articles/blocks/code.html"
        description = _("Program code with colours and a copy button.")
        preview_value = {
            "language": "python",
            "filename": "hello.py",
            "code": 'def greet(name):\n    return f"こんにちは、{name}さん"\n',
        }
        form_classname = "code-block"


class ArticleTableBlock(TableBlock):
    class Meta:
        icon = "table"
        label = _("Table")
        template = "articles/blocks/table.html"
        description = _("A table with a header row and a caption.")
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": _("Block types"),
            "data": [[_("Block"), _("Use")], [_("Code"), _("Programs")], [_("Table"), _("Data")]],
        }


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Description for screen readers"),
        max_length=250,
        help_text=_("Describe what the picture shows, for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(
        GalleryImageBlock(label=_("Picture")),
        label=_("Pictures"),
        min_num=2,
        help_text=_("Two or more pictures; readers tap one to see it full size."),
    )
    caption = blocks.CharBlock(label=_("Caption of the gallery"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "articles/blocks/gallery.html"
        description = _("Several pictures side by side, each with its own caption.")


BALLOON_SIDES = [("left", _("Left")), ("right", _("Right"))]


class SpeechBalloonBlock(blocks.StructBlock):
    author = SnippetChooserBlock(
        "articles.Author",
        label=_("Speaker (author profile)"),
        required=False,
        help_text=_("Choose an author, or type a name below."),
    )
    name = blocks.CharBlock(
        label=_("Speaker's name"),
        required=False,
        max_length=60,
        help_text=_("Used when no author profile is chosen."),
    )
    avatar = ImageChooserBlock(
        label=_("Speaker's picture"),
        required=False,
        help_text=_("Optional; an author's own picture is used when empty."),
    )
    side = blocks.ChoiceBlock(label=_("Side"), choices=BALLOON_SIDES, default="left")
    text = blocks.RichTextBlock(label=_("Words"), features=INLINE_FEATURES)

    def clean(self, value):
        value = super().clean(value)
        if not value["author"] and not (value["name"] or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={"name": ValidationError(_("Choose an author or type a name."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        author = value["author"]
        context["speaker"] = (value["name"] or "").strip() or (author.name if author else "")
        context["avatar"] = value["avatar"] or (author.avatar if author else None)
        return context

    class Meta:
        icon = "user"
        label = _("Speech balloon")
        template = "articles/blocks/balloon.html"
        description = _("A speaker's words in a balloon, for dialogue.")
        preview_value = {
            "name": _("Editor"),
            "side": "left",
            "text": _("<p>What does this block do?</p>"),
        }


class LinkCardBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(
        label=_("Page on this site"),
        required=False,
        help_text=_("Choose a page here, or give the address of another site below."),
    )
    url = blocks.URLBlock(label=_("Address on another site"), required=False)
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Filled in from the other site when you save; you can change it."),
    )
    description = blocks.TextBlock(label=_("Description"), required=False, rows=2)
    image = ImageChooserBlock(label=_("Image"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value["page"] and not value["url"]:
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or give an address."))}
            )
        if value["url"] and not value["page"] and not value["title"]:
            fill_link_card(value)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["card"] = card_for(value)
        return context

    class Meta:
        icon = "link"
        label = _("Link card")
        template = "articles/blocks/link_card.html"
        description = _("A link shown as a card with the page's title, summary and picture.")
        preview_value = {
            "url": "https://www.wagtail.org/",
            "title": "Wagtail CMS",
            "description": _("The open source content management system built on Django."),
        }


def card_for(value):
    """What a link card shows: from the chosen page when there is one, else what was stored."""
    page = value["page"]
    if page is not None:
        page = page.specific
        return {
            "href": page.url,
            "title": page.title,
            "description": getattr(page, "lead", "") or page.search_description,
            "image": getattr(page, "hero_image", None) or value["image"],
            "site": "",
        }
    return {
        "href": value["url"],
        "title": value["title"],
        "description": value["description"],
        "image": value["image"],
        "site": urlsplit(value["url"]).hostname or "",
    }


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    bullet_list = BulletListBlock()
    quote = QuoteBlock()
    markdown = ArticleMarkdownBlock()
    image = ImageBlock()
    embed = VideoEmbedBlock()
    video = VideoBlock()
    audio = AudioBlock()
    callout = CalloutBlock()
    code = CodeBlock()
    table = ArticleTableBlock()
    gallery = GalleryBlock()
    balloon = SpeechBalloonBlock()
    link_card = LinkCardBlock()

    class Meta:
        block_counts = {}
