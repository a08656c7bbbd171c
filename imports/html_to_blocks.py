"""HTML → article body blocks (articles/blocks.py), shared by the Markdown and WordPress importers.

The body is rebuilt from native blocks the author can edit one by one: heading, paragraph
(rich text with bold, italic, links and inline code), bullet_list (numbering kept), quote,
image, gallery, embed, video, audio, code (<pre> and multi-line <code>) and table. What those
cannot hold keeps its look as a `markdown` block: tables with formatting and nested lists.
Everything else is reduced to its text, and anything dropped is reported.

The output is only ever built from text we escape ourselves and the three inline tags the
design allows, so hostile markup in an export (scripts, event handlers, javascript: links)
cannot reach the page.
"""

import functools
import re
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.code import LANGUAGES

from . import html_to_markdown as md
from .htmltree import Comment, Element, Text, parse_html, plain_text, text_content, texts_in_order
from .text import collapse_whitespace, is_blank, strip_spaces, truncate

HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
HEADING_MAX = 120  # HeadingBlock.text max_length
CAPTION_MAX = 250  # ImageBlock / VideoEmbedBlock caption and alt max_length
SOURCE_MAX = 200  # QuoteBlock.source max_length
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "label", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
}  # fmt: skip
MEDIA = {"img", "iframe", "wp-embed", "video", "audio"}
BOLD = {"b", "strong"}
ITALIC = {"i", "em", "cite", "dfn", "var"}
CODE = {"code", "kbd", "samp", "tt"}
DROPPED = {
    "script", "style", "noscript", "form", "input", "button", "select", "textarea", "object",
    "embed", "canvas", "svg", "map", "template", "link", "meta",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto", "tel", ""}
# A trailing quote line naming the source: "— 出典", "―― 出典", "-- source".
SOURCE_LINE = re.compile(
    r"^[ \t\u3000]*(?:[—―–]{1,2}|-{2,3}|－{1,2}|ー{2})[ \t\u3000]*(?P<source>\S.*)$"
)
WP_IMAGE_CLASS = re.compile(r"^wp-image-(\d+)$")
YOUTUBE_IFRAME = re.compile(r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)")
VIMEO_IFRAME = re.compile(r"^(?:https?:)?//player\.vimeo\.com/video/(\d+)")
LONE_URL = re.compile(r"^https?://\S+$")
CODE_LANGUAGES = {name for name, _label in LANGUAGES}
# WordPress's old and new gallery markup (a list of figures, in a figure or on its own).
GALLERY_CLASSES = {"wp-block-gallery", "blocks-gallery-grid", "gallery"}
# When a <video> or <audio> offers several files: the ones every browser plays first.
PLAYABLE_FIRST = [".mp4", ".webm", ".m4v", ".mp3", ".m4a", ".ogg", ".ogv", ".oga"]
LIST_START = re.compile(r"^-?\d{1,6}$")


@dataclass
class ImageRef:
    """An image (or a video or sound file) met in the text; the importer's resolvers turn it
    into a Wagtail image (or document). `others`: more addresses of the same media."""

    src: str
    alt: str = ""
    caption: str = ""
    attachment_id: int | None = None
    others: list = field(default_factory=list)


@functools.cache
def _embed_finders():
    from wagtail.embeds.finders import get_finders

    return get_finders()


def is_embeddable(url):
    """Whether one of the site's embed finders knows this URL (a pattern match, no network)."""
    return any(finder.accept(url) for finder in _embed_finders())


def safe_href(href):
    href = strip_spaces(href or "")
    if not href:
        return ""
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return ""
    return href if scheme in SAFE_SCHEMES else ""


def _has_media(node):
    return isinstance(node, Element) and (node.tag in MEDIA or node.find(*MEDIA) is not None)


def literal_brackets_note(count):
    return ngettext(
        "%(count)d “<” that began no tag was kept as text.",
        "%(count)d “<” that began no tag were kept as text.",
        count,
    ) % {"count": count}


class HtmlToBlocks:
    """Convert one HTML fragment. `resolve_image(ImageRef)` returns a Wagtail image or None
    (and reports why), `resolve_file(ImageRef)` a document (video, sound) or None; without
    them such media are reported as not imported."""

    def __init__(self, report, resolve_image=None, resolve_file=None):
        self.report = report
        self.resolve_image = resolve_image
        self.resolve_file = resolve_file
        self.blocks = []

    def convert(self, html):
        root = parse_html(html) if isinstance(html, str) else html
        if root.literal_brackets:
            self.report.note(literal_brackets_note(root.literal_brackets))
        self.blocks = []
        try:
            self._blocks(root.children)
        except RecursionError:
            self.blocks = self._plain_paragraphs(root)
        return self.blocks

    def _plain_paragraphs(self, root):
        """Markup nested thousands of levels deep (a broken export or a hostile file) exceeds
        Python's stack in the converter: its words are kept, one paragraph a line."""
        self.report.warn(
            _(
                "The HTML is nested too deeply to convert: its text was imported as plain "
                "paragraphs."
            )
        )
        lines = (strip_spaces(line) for line in "".join(texts_in_order(root)).split("\n"))
        return [("paragraph", f"<p>{escape(line)}</p>") for line in lines if line]

    def close(self):
        """Called once per article, after its last convert(); nothing is counted across
        conversions any more (inline code is kept), the hook stays for the importers."""

    def _add(self, block_type, value):
        self.blocks.append((block_type, value))

    # ------------------------------------------------------------------ block level

    def _blocks(self, nodes):
        run = []
        for node in nodes:
            if isinstance(node, Comment):
                continue
            if isinstance(node, Text) or node.tag in INLINE or node.tag in MEDIA:
                run.append(node)
                continue
            self._paragraph(run)
            run = []
            self._block(node)
        self._paragraph(run)

    def _block(self, element):
        tag = element.tag
        handler = {
            "p": lambda e: self._paragraph(e.children),
            "ul": self._list,
            "ol": self._list,
            "blockquote": self._quote,
            "pre": self._pre,
            "table": self._table,
            "figure": self._figure,
            "dl": self._definition_list,
            "hr": lambda e: None,
            "li": lambda e: self._blocks(e.children),
            "figcaption": lambda e: self._paragraph(e.children),
        }.get(tag)
        if tag in HEADING_LEVELS:
            self._heading(element)
        elif handler:
            handler(element)
        elif tag in DROPPED:
            self.report.warn(_("A <%(tag)s> element was left out.") % {"tag": tag})
        else:  # div, section, unknown containers: their content counts
            self._blocks(element.children)

    def _heading(self, element):
        text = strip_spaces(collapse_whitespace(heading_text(element)))
        if is_blank(text):
            return
        level = HEADING_LEVELS[element.tag]
        if element.tag in {"h1", "h5", "h6"}:
            self.report.note(
                _("Heading level %(old)s became %(new)s.") % {"old": element.tag, "new": level}
            )
        if len(text) > HEADING_MAX:
            self.report.warn(
                _("A heading longer than %(max)d characters became a bold paragraph: %(text)s")
                % {"max": HEADING_MAX, "text": truncate(text, 40)}
            )
            self._add("paragraph", f"<p><b>{escape(text)}</b></p>")
            return
        self._add("heading", {"text": text, "level": level})

    def _paragraph(self, nodes):
        """Inline content; images and embeds inside it become blocks of their own, in place."""
        run, trailing_media = [], []
        for node in nodes:
            if isinstance(node, Element) and node.tag in DROPPED:
                self.report.warn(_("A <%(tag)s> element was left out.") % {"tag": node.tag})
            elif isinstance(node, Element) and node.tag in MEDIA:
                self._inline_paragraph(run)
                run = []
                self._media(node)
            elif _is_code_block(node):  # multi-line <code> outside <pre>: a code block
                self._inline_paragraph(run)
                run = []
                self._pre(node)
            elif _has_media(node):
                if is_blank(text_content(node)):  # e.g. <a href="big.jpg"><img></a>
                    self._inline_paragraph(run)
                    run = []
                    for media in node.iter(*MEDIA):
                        self._media(media)
                else:  # text and an image inside one link: text here, the image after
                    run.append(node)
                    trailing_media.extend(node.iter(*MEDIA))
            else:
                run.append(node)
        self._inline_paragraph(run)
        for media in trailing_media:
            self._media(media)

    def _inline_paragraph(self, nodes):
        if not nodes or is_blank(plain_text(_wrap(nodes))):
            return
        url = _lone_url(nodes)
        if url and is_embeddable(url):
            self._embed(url)
            return
        html = self._rich(nodes)
        if html:
            self._add("paragraph", f"<p>{html}</p>")

    def _media(self, element, caption=""):
        if element.tag == "img":
            self._image(element, caption)
        elif element.tag == "iframe":
            self._iframe(element, caption)
        elif element.tag == "wp-embed":
            self._embed(element.get("data-url"), caption)
        else:
            self._playable(element, caption)

    def _list(self, element):
        if GALLERY_CLASSES & set(element.classes):  # WordPress 5.0–5.2 gallery: <ul> alone
            self._gallery(element)
            return
        items = [li for li in element.elements() if li.tag == "li"]
        if any(li.find("ul", "ol", "pre", "table", "blockquote") for li in items):
            self.report.note(_("A nested list was kept as a Markdown block."))
            self._add("markdown", md.list_markdown(element))
            return
        values, images = [], []
        for li in items:
            paragraphs = []
            for group in _item_groups(li):
                images.extend(media for node in group for media in _media_in(node))
                if not is_blank(plain_text(_wrap(group))):
                    paragraphs.append(f"<p>{self._rich(group)}</p>")
            if paragraphs:
                values.append("".join(paragraphs))
        if values:
            self._add("bullet_list", {**_numbering(element), "items": values})
        if images:
            self.report.note(_("Images inside a list were placed after the list."))
            for media in images:
                self._media(media)

    def _quote(self, element, fallback_source=""):
        source_element = next(
            (
                child
                for child in reversed(element.elements())
                if child.tag in {"cite", "footer", "figcaption"}
            ),
            None,
        )
        body = Element("blockquote")
        body.children = [child for child in element.children if child is not source_element]
        paragraphs = [
            self._rich(group)
            for group in _item_groups(body)
            if not is_blank(plain_text(_wrap(group)))
        ]
        source = plain_text(source_element) if source_element is not None else ""
        if not source and paragraphs:
            lines = plain_text(body, keep_newlines=True)
            source, paragraphs[-1] = _split_source_line(lines, paragraphs[-1])
        source = SOURCE_LINE.sub(r"\g<source>", source) or fallback_source
        paragraphs = [html for html in paragraphs if html]
        if not paragraphs:
            return
        if len(source) > SOURCE_MAX:
            paragraphs.append(escape(source, quote=False))
            source = ""
        text = "".join(f"<p>{html}</p>" for html in paragraphs)
        self._add("quote", {"text": text, "source": source})

    def _pre(self, element):
        if "wp-block-verse" in element.classes:  # poetry: keep its lines, it is not code
            lines = md.pre_text(element).strip("\n").split("\n")
            self._add("paragraph", "<p>" + "<br/>".join(escape(line) for line in lines) + "</p>")
            return
        code = md.pre_text(element).strip("\n")
        if is_blank(code):
            return
        language = code_language(md.code_language(element))
        if language == "other" and md.code_language(element):
            self.report.note(
                _("Code in %(language)s is shown without colours.")
                % {"language": md.code_language(element)}
            )
        filename = strip_spaces(element.get("data-filename") or element.get("title") or "")
        self._add("code", {"language": language, "filename": filename[:120], "code": code})

    def _table(self, element, caption=""):
        rows = _table_rows(element)
        if not rows:
            return
        caption_element = element.find("caption")
        if caption_element is not None:
            caption = plain_text(caption_element).replace("\n", " ")
        if _needs_markdown(element):
            # Links, formatting or merged cells: a table block holds plain text only, so the
            # Markdown block keeps what the cells say.
            table = md.table_markdown(element)
            if caption and caption_element is None:
                table = f"**{caption}**\n\n{table}"
            self.report.note(
                _("A table with links, formatting or merged cells was kept as Markdown.")
            )
            self._add("markdown", table)
            return
        self._add("table", table_value(element, rows, caption))

    def _figure(self, element):
        figcaption = next((c for c in element.elements() if c.tag == "figcaption"), None)
        caption = plain_text(figcaption).replace("\n", " ") if figcaption is not None else ""
        content = Element("figure")
        content.children = [child for child in element.children if child is not figcaption]
        classes = " ".join(element.classes)
        if "wp-block-embed" in classes:
            url = next(iter(re.findall(r"https?://\S+", text_content(content))), "")
            if url:
                self._embed(url, caption)
                return
        if GALLERY_CLASSES & set(element.classes) or content.find("figure") is not None:
            self._gallery(content, caption)
            return
        table = content.find("table")
        quote = content.find("blockquote")
        if table is not None:
            self._table(table, caption)
        elif quote is not None:
            self._quote(quote, fallback_source=caption)
        elif content.find(*MEDIA) is not None:
            for position, media in enumerate(content.iter(*MEDIA)):
                self._media(media, caption if position == 0 else "")
        else:
            self._blocks(content.children)
            if caption:
                self._add("paragraph", f"<p><i>{escape(caption)}</i></p>")

    def _gallery(self, content, caption=""):
        """A gallery block from its pictures (each inner figure's caption is the picture's);
        one picture left after resolving becomes an image block."""
        items = []
        for figure in list(content.iter("figure")) or [content]:
            inner = next((c for c in figure.elements() if c.tag == "figcaption"), None)
            own_caption = plain_text(inner).replace("\n", " ") if inner is not None else ""
            for img in figure.iter("img"):
                picture = self._resolved(img, own_caption)
                if picture:
                    items.append(picture)
        if len(items) == 1:
            self._add("image", items[0])
        elif items:
            value = {"images": items, "caption": truncate(caption, CAPTION_MAX)}
            self._add("gallery", value)

    def _definition_list(self, element):
        for child in element.elements():
            if child.tag == "dt":
                text = strip_spaces(collapse_whitespace(text_content(child)))
                if text:
                    self._add("paragraph", f"<p><b>{escape(text)}</b></p>")
            else:
                self._blocks(child.children)

    def _image(self, img, caption=""):
        picture = self._resolved(img, caption)
        if picture:
            self._add("image", picture)

    def _resolved(self, img, caption=""):
        """An image block's value for <img>, or None (reported) when it cannot be imported."""
        src = img.get("src") or img.get("data-src")
        alt = strip_spaces(collapse_whitespace(img.get("alt")))
        caption = caption or strip_spaces(img.get("title"))
        attachment_id = next(
            (int(m.group(1)) for name in img.classes if (m := WP_IMAGE_CLASS.match(name))), None
        )
        if not src:
            self.report.warn(_("An image without an address was left out."))
            return None
        if self.resolve_image is None:
            self.report.warn(_("Image not imported: %(src)s") % {"src": src})
            return None
        ref = ImageRef(src, alt, caption, attachment_id)
        image = self.resolve_image(ref)
        if image is None:
            return None
        alt = ref.alt  # the resolver may know better (WordPress keeps alt text on the media)
        if not alt:
            self.report.warn(
                _("Image %(src)s has no description (alt text): add one before publishing.")
                % {"src": src.rsplit("/", 1)[-1]}
            )
        return {
            "image": image,
            "alt": truncate(alt, CAPTION_MAX),
            "caption": truncate(caption, CAPTION_MAX),
        }

    def _iframe(self, element, caption=""):
        src = element.get("src")
        youtube, vimeo = YOUTUBE_IFRAME.match(src), VIMEO_IFRAME.match(src)
        if youtube:
            self._embed(f"https://www.youtube.com/watch?v={youtube.group(1)}", caption)
        elif vimeo:
            self._embed(f"https://vimeo.com/{vimeo.group(1)}", caption)
        else:
            self.report.warn(_("An embedded frame was left out: %(src)s") % {"src": src or "?"})

    def _playable(self, element, caption=""):
        """<video> or <audio>: a YouTube or Vimeo address becomes an embed; a file, a video or
        audio block playing it (never its poster), the poster kept as its picture."""
        kind = element.tag
        sources = [element.get("src"), *(s.get("src") for s in element.iter("source"))]
        sources = sorted(dict.fromkeys(filter(None, map(strip_spaces, sources))), key=_play_order)
        if not sources:
            self.report.warn(_("A <%(tag)s> without an address was left out.") % {"tag": kind})
            return
        embeddable = next((src for src in sources if is_embeddable(src)), None)
        if embeddable:
            self._embed(embeddable, caption)
            return
        if self.resolve_file is None:
            self.report.warn(_("Media not imported: %(src)s") % {"src": sources[0]})
            return
        ref = ImageRef(sources[0], caption=caption, others=sources[1:])
        media = self.resolve_file(ref)
        if media is None:
            return
        value = {"file": media, "caption": truncate(caption, CAPTION_MAX), "transcript": ""}
        if kind == "video":
            value["poster"] = self._poster(element.get("poster"))
        self._add(kind, value)

    def _poster(self, src):
        src = strip_spaces(src)
        if not src or self.resolve_image is None:
            return None
        return self.resolve_image(ImageRef(src))

    def _embed(self, url, caption=""):
        url = strip_spaces(url or "")
        if not LONE_URL.match(url):
            self.report.warn(
                _("An embed without a valid address was left out: %(url)s") % {"url": url}
            )
            return
        self._add("embed", {"url": url, "caption": truncate(caption, CAPTION_MAX)})

    # ------------------------------------------------------------------ inline level

    def _rich(self, nodes):
        out = []
        self._inline(nodes, out, bold=False, italic=False, link=False, code=False)
        html = re.sub(r" {2,}", " ", "".join(out))
        html = re.sub(r" ?<br/> ?", "<br/>", html)
        return strip_breaks(html)

    def _inline(self, nodes, out, **state):
        for node in nodes:
            if isinstance(node, Text):
                out.append(escape(collapse_whitespace(node.data), quote=False))
            elif isinstance(node, Element):
                self._inline_element(node, out, **state)

    def _wrapped(self, node, out, before, after, **state):
        inner = []
        self._inline(node.children, inner, **state)
        content = "".join(inner)
        if is_blank(re.sub(r"<[^>]+>", "", content)):
            out.append(content)
            return
        # Spaces stay outside the tag, as Draftail would keep them.
        stripped = content.strip(" ")
        lead = " " if content.startswith(" ") else ""
        tail = " " if content.endswith(" ") else ""
        out.append(f"{lead}{before}{stripped}{after}{tail}")

    def _inline_element(self, node, out, bold, italic, link, code):
        tag = node.tag
        state = {"bold": bold, "italic": italic, "link": link, "code": code}
        if tag == "br":
            out.append("<br/>")
        elif tag in BOLD and not bold:
            self._wrapped(node, out, "<b>", "</b>", **{**state, "bold": True})
        elif tag in ITALIC and not italic:
            self._wrapped(node, out, "<i>", "</i>", **{**state, "italic": True})
        elif tag == "a" and not link and safe_href(node.get("href")):
            href = escape(safe_href(node.get("href")))
            self._wrapped(node, out, f'<a href="{href}">', "</a>", **{**state, "link": True})
        elif tag in CODE and not code:
            self._wrapped(node, out, "<code>", "</code>", **{**state, "code": True})
        elif tag == "ruby":  # furigana: 漢字（かんじ）, rich text has no ruby
            base = [
                c for c in node.children if not (isinstance(c, Element) and c.tag in {"rt", "rp"})
            ]
            self._inline(base, out, **state)
            reading = "".join(text_content(rt) for rt in node.iter("rt"))
            if reading:
                out.append(escape(f"（{reading}）", quote=False))
        elif tag in DROPPED:
            self.report.warn(_("A <%(tag)s> element was left out.") % {"tag": tag})
        elif tag in {"rt", "rp", *MEDIA}:
            return
        else:
            self._inline(node.children, out, **state)


def _is_code_block(node):
    return isinstance(node, Element) and node.tag in CODE and "\n" in md.pre_text(node).strip("\n")


def _play_order(src):
    try:
        path = urlsplit(src).path.lower()
    except ValueError:
        return len(PLAYABLE_FIRST)
    return next(
        (n for n, ext in enumerate(PLAYABLE_FIRST) if path.endswith(ext)), len(PLAYABLE_FIRST)
    )


def heading_text(node):
    """A heading's words with its inline code between backquotes, the heading block's way of
    showing <code> (articles' `code_spans` filter)."""
    if isinstance(node, Text):
        return node.data
    if not isinstance(node, Element):
        return ""
    if node.tag in CODE:
        code = text_content(node).replace("`", "")
        return f"`{code}`" if code.strip() else code
    return "".join(heading_text(child) for child in node.children)


def _numbering(element):
    """A list block's numbering: ordered, and an <ol>'s `start` and `reversed` when given."""
    numbering = {"ordered": element.tag == "ol"}
    start = strip_spaces(element.get("start"))
    if element.tag == "ol" and LIST_START.match(start) and start != "1":
        numbering["start"] = int(start)
    if element.tag == "ol" and "reversed" in element.attrs:
        numbering["reversed"] = True
    return numbering


def _wrap(nodes):
    element = Element("#fragment")
    element.children = list(nodes)
    return element


def _lone_url(nodes):
    """The URL when the paragraph is nothing but one address (WordPress and Markdown authors
    paste a video address on its own line to embed it)."""
    meaningful = [n for n in nodes if not (isinstance(n, Text) and is_blank(n.data))]
    if len(meaningful) != 1:
        return ""
    node = meaningful[0]
    text = strip_spaces(text_content(node))
    if isinstance(node, Element) and not (node.tag == "a" and node.get("href") == text):
        return ""
    return text if LONE_URL.match(text) else ""


def _item_groups(li):
    """A list item's paragraphs: each <p> is one, and runs of loose inline content another."""
    groups, run = [], []
    for child in li.children:
        if isinstance(child, Element) and child.tag == "p":
            if run:
                groups.append(run)
                run = []
            groups.append(child.children)
        elif not isinstance(child, Comment):
            run.append(child)
    if run:
        groups.append(run)
    return groups


def _media_in(node):
    if not isinstance(node, Element):
        return []
    return [node] if node.tag in MEDIA else list(node.iter(*MEDIA))


def _split_source_line(text, html):
    """(source, html without it) when the quote's last line names its source ("— 出典"),
    else ("", html)."""
    lines = text.strip().split("\n")
    match = SOURCE_LINE.match(lines[-1]) if len(lines) > 1 else None
    if not match:
        return "", html
    line = escape(strip_spaces(collapse_whitespace(lines[-1])), quote=False)
    if not html.endswith(line):
        return "", html
    return match.group("source"), strip_breaks(html[: -len(line)], leading=False)


BREAK_OR_SPACE = ("<br/>", " ")


def strip_breaks(html, *, leading=True):
    """The html without the line breaks and spaces at its end (and its start). Walked by hand:
    a pattern anchored at the end, "(?:<br/>| )+$", is tried from every break of a paragraph
    and backtracks through all the others, so thousands of <br> held an import for minutes."""
    start, end = 0, len(html)
    while leading and html.startswith(BREAK_OR_SPACE, start, end):
        start += 1 if html.startswith(" ", start, end) else len("<br/>")
    while html.endswith(BREAK_OR_SPACE, start, end):
        end -= 1 if html.endswith(" ", start, end) else len("<br/>")
    return html[start:end]


def _table_rows(table):
    rows = []
    for tr in table.iter("tr"):
        cells = [cell for cell in tr.elements() if cell.tag in {"td", "th"}]
        if cells:
            rows.append(cells)
    return rows


def _needs_markdown(table):
    merged = any(cell.get("colspan") or cell.get("rowspan") for cell in table.iter("td", "th"))
    return merged or table.find("a", "b", "strong", "i", "em", "code", "img") is not None


def table_value(table, rows, caption):
    """A TableBlock value: header row when the table has <thead> or a first row of <th>."""
    width = max(len(row) for row in rows)
    header_row = table.find("thead") is not None or all(c.tag == "th" for c in rows[0])
    header_column = all(row[0].tag == "th" for row in rows[1:]) if len(rows) > 1 else False
    choice = {
        (True, True): "both",
        (True, False): "row",
        (False, True): "column",
        (False, False): "neither",
    }[(header_row, header_column)]
    data = [
        [strip_spaces(plain_text(cell)) for cell in row] + [""] * (width - len(row)) for row in rows
    ]
    return {
        "data": data,
        "first_row_is_table_header": header_row,
        "first_col_is_header": header_column,
        "table_header_choice": choice,
        "table_caption": truncate(caption, CAPTION_MAX),
    }


LANGUAGE_ALIASES = {
    "py": "python", "python3": "python", "js": "javascript", "jsx": "javascript",
    "mjs": "javascript", "ts": "typescript", "tsx": "typescript", "sh": "bash",
    "shell": "bash", "zsh": "bash", "shell-session": "console", "shellsession": "console",
    "xml": "html", "htm": "html", "yml": "yaml", "c++": "cpp", "jinja": "django",
    "jinja2": "django", "htmldjango": "django", "golang": "go", "rs": "rust", "rb": "ruby",
    "patch": "diff", "postgresql": "sql", "psql": "sql",
}  # fmt: skip


def code_language(name):
    """One of the code block's languages for a class name's language, else "other"."""
    name = (name or "").lower()
    name = LANGUAGE_ALIASES.get(name, name)
    return name if name in CODE_LANGUAGES else "other"


def first_paragraph_text(blocks):
    """(index, plain text) of the first paragraph block, or (None, "")."""
    for position, (block_type, value) in enumerate(blocks):
        if block_type == "paragraph":
            return position, plain_text(parse_html(value))
    return None, ""
