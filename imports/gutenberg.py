"""WordPress post content → HTML the block converter understands.

WordPress stores two kinds of content:
- block-editor ("Gutenberg") posts: HTML between comments like
  `<!-- wp:heading {"level":3} -->…<!-- /wp:heading -->`. The HTML inside a block is already
  what the site showed, so most blocks go through html_to_blocks as they are; the comments
  tell which blocks need more (embeds keep their URL in the comment, dynamic blocks have no
  HTML at all) and which ones we do not know.
- classic-editor posts: HTML where blank lines mean paragraphs and single newlines line
  breaks (WordPress adds the <p> and <br> when it shows the post: `wpautop`, redone here).
Both can hold shortcodes: [caption], [embed], [gallery], [video], [audio] and the code
shortcodes of SyntaxHighlighter and WordPress.com ([code lang=…], [sourcecode], [python]…) are
converted; others are reported.
"""

import html as html_entities
import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from .html_to_blocks import HtmlToBlocks, code_language
from .htmltree import parse_html, plain_text

# WordPress's block grammar: `<!-- wp:name {json} -->`, `<!-- /wp:name -->`, `<!-- wp:name /-->`.
BLOCK_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{(?:(?!\}\s+/?-->).)*?\}\s+)?(?P<void>/)?-->",
    re.S,
)
# Blocks whose saved HTML html_to_blocks understands as it is.
HTML_BLOCKS = {
    "paragraph", "heading", "list", "list-item", "quote", "pullquote", "code", "preformatted",
    "verse", "table", "image", "gallery", "video", "audio", "freeform", "html", "group",
    "columns", "column",
    "cover", "media-text", "details", "buttons", "button", "footnotes", "missing", "block",
}  # fmt: skip
# Layout-only blocks: nothing to keep.
SILENT_BLOCKS = {"separator", "spacer", "more", "nextpage", "read-more"}
EMBED_BLOCKS = {"embed"}


@dataclass
class Block:
    name: str
    attrs: dict
    parts: list = field(default_factory=list)  # HTML strings and inner Blocks, in order

    def html(self):
        return "".join(part if isinstance(part, str) else part.html() for part in self.parts)


def has_blocks(content):
    return "<!-- wp:" in content


def parse_blocks(content):
    """The top level of a block-editor post: a list of HTML strings (freeform content
    between blocks) and Blocks."""
    root = Block("#root", {})
    stack = [root]
    position = 0
    for match in BLOCK_DELIMITER.finditer(content):
        if match.start() > position:
            stack[-1].parts.append(content[position : match.start()])
        position = match.end()
        name = match.group("name")
        name = name if "/" in name else f"core/{name}"
        if match.group("closer"):
            # Close up to the matching block; a stray closer is ignored.
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].name == name:
                    del stack[depth:]
                    break
            continue
        try:
            attrs = json.loads(match.group("attrs") or "{}")
        except ValueError:
            attrs = {}
        block = Block(name, attrs if isinstance(attrs, dict) else {})
        stack[-1].parts.append(block)
        if not match.group("void"):
            stack.append(block)
    if position < len(content):
        stack[-1].parts.append(content[position:])
    return root.parts


# ---------------------------------------------------------------------------- wpautop

_AUTOP_BLOCK = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    r"map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    r"hgroup|header|footer|nav|figure|figcaption|details|menu|summary|wp-embed)"
)
_OPEN_BLOCK = re.compile(rf"(<{_AUTOP_BLOCK}[\s/>])", re.I)
_CLOSE_BLOCK = re.compile(rf"(</{_AUTOP_BLOCK}>)", re.I)
_STARTS_WITH_BLOCK = re.compile(rf"^</?{_AUTOP_BLOCK}[\s/>]", re.I)
# Kept as written by wpautop and the shortcodes: <pre>, and <code> spanning several lines.
# Neither match crosses another <pre>/<code> tag, and the first line break is never given back
# (an atomic group): unclosed tags in a hostile export cost linear time, not a scan to the end
# of the text from every line of every one of them.
_PRE = re.compile(
    r"<pre[\s>](?:(?!</?pre[\s>]).)*</pre>"
    r"|<code\b[^>]*>(?>(?:(?!</?code\b).)*?\n)(?:(?!</?code\b).)*?</code>",
    re.I | re.S,
)


def autop(text):
    """WordPress's wpautop, simplified: blank lines separate paragraphs, a single newline
    inside a paragraph is a line break, block-level HTML is left as it is, <pre> untouched."""
    saved = []

    def keep(match):
        saved.append(match.group(0))
        return f"\n\n\x00{len(saved) - 1}\x00\n\n"  # a block of its own

    text = _PRE.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\1\n\n", text)
    chunks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _STARTS_WITH_BLOCK.match(chunk) or re.fullmatch(r"\x00\d+\x00", chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + re.sub(r"\s*\n\s*", "<br />\n", chunk) + "</p>")
    html = "\n".join(chunks)
    return re.sub(r"\x00(\d+)\x00", lambda m: saved[int(m.group(1))], html)


# ---------------------------------------------------------------------------- shortcodes

SHORTCODE = re.compile(
    r"\[(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^\]]*)?)\](?:(?P<inner>.*?)\[/(?P=name)\])?", re.S
)
SHORTCODE_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")


def _shortcode_attrs(raw):
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in SHORTCODE_ATTR.finditer(raw)
    }


# Source addresses of [video] and [audio], in the order WordPress tries them.
PLAYABLE_SOURCES = {
    "video": ("src", "mp4", "m4v", "webm", "ogv", "mov", "wmv", "flv"),
    "audio": ("src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac"),
}
# SyntaxHighlighter's and WordPress.com's code shortcodes; a language's own name ([python])
# is one too.
CODE_SHORTCODES = {"code", "sourcecode", "source"}


def _outside_code(html, replace):
    """`replace` applied to the HTML outside <pre> and multi-line <code>, which stay as is."""
    pieces = []
    position = 0
    for code in _PRE.finditer(html):
        pieces += [replace(html[position : code.start()]), code.group(0)]
        position = code.end()
    pieces.append(replace(html[position:]))
    return "".join(pieces)


def _is_code_shortcode(name):
    return name in CODE_SHORTCODES or code_language(name) != "other"


def _as_text(markup):
    return plain_text(parse_html(markup)).replace("\n", " ")


class Shortcodes:
    def __init__(self, report, attachments, post_id=None):
        self.report = report
        self.attachments = attachments
        self.post_id = post_id

    def code(self, text):
        """Code shortcodes → <pre>, before wpautop (which would break the code's lines)."""
        return _outside_code(text, lambda part: SHORTCODE.sub(self._code, part))

    @staticmethod
    def _code(match):
        name = match.group("name").lower()
        if match.group("inner") is None or not _is_code_shortcode(name):
            return match.group(0)
        attrs = _shortcode_attrs(match.group("attrs"))
        language = attrs.get("lang") or attrs.get("language") or attrs.get("brush")
        language = re.sub(r"[^\w+#-]", "", language or ("" if name in CODE_SHORTCODES else name))
        title = attrs.get("title") or attrs.get("filename") or ""
        # The visual editor stored the code's < and & as entities, the text editor as is.
        code = escape(html_entities.unescape(match.group("inner")).strip("\r\n"), quote=False)
        return f'<pre data-lang="{language}" data-filename="{escape(title)}">{code}</pre>'

    def apply(self, html):
        """Replace the shortcodes we know outside <pre> (code may show shortcodes as text)."""
        return _outside_code(html, lambda text: SHORTCODE.sub(self._replace, text))

    def _replace(self, match):
        name = match.group("name").lower()
        attrs = _shortcode_attrs(match.group("attrs"))
        inner = match.group("inner") or ""
        if name in {"caption", "wp_caption"}:
            return self._caption(inner, attrs)
        if name == "embed":
            return f'<wp-embed data-url="{escape(inner.strip())}"></wp-embed>'
        if name == "gallery":
            return self._gallery(attrs)
        if name in PLAYABLE_SOURCES:
            return self._playable(name, attrs, inner)
        self.report.warn(
            _("A shortcode was left as text, remove it if it was a plugin's: [%(name)s]")
            % {"name": match.group("name")}
        )
        return match.group(0)

    @staticmethod
    def _caption(inner, attrs):
        # [caption]<a><img></a> The caption text[/caption]: the text after the last tag.
        split = re.match(r"(?s)^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner)
        media, text = (split.group(1), split.group(2)) if split else (inner, "")
        caption = text.strip() or attrs.get("caption", "")
        return f"<figure>{media}<figcaption>{caption}</figcaption></figure>"

    def _gallery(self, attrs):
        """[gallery ids="3,1,2"] shows those media items; [gallery] without ids, the images
        uploaded to the post, in their menu order (less `exclude`)."""
        ids = attrs.get("ids") or attrs.get("include") or ""
        listed = [raw for raw in re.split(r"[\s,]+", ids) if raw]
        attachments = []
        for raw_id in listed:
            attachment = self.attachments.get(int(raw_id)) if raw_id.isdigit() else None
            if attachment is None:
                self.report.warn(
                    _("A gallery image was not in the export: id %(id)s") % {"id": raw_id}
                )
            else:
                attachments.append(attachment)
        if not listed:
            attachments = self._attached_images(attrs.get("exclude", ""))
        if not attachments:
            self.report.warn(_("A gallery without any image in the export was left out."))
            return ""
        return "<figure>" + "".join(map(_gallery_figure, attachments)) + "</figure>"

    def _attached_images(self, exclude):
        excluded = set(re.findall(r"\d+", exclude))
        images = [
            attachment
            for attachment in self.attachments.values()
            if attachment.parent and attachment.parent == self.post_id
            and str(attachment.id) not in excluded and _is_image(attachment)
        ]  # fmt: skip
        return sorted(images, key=lambda attachment: (attachment.menu_order, attachment.id))

    def _playable(self, kind, attrs, inner):
        """[video mp4="…" poster="…"] and [audio mp3="…"]: the HTML element with its sources."""
        sources = [attrs[key] for key in PLAYABLE_SOURCES[kind] if attrs.get(key)]
        if not sources and re.fullmatch(r"\s*https?://\S+\s*", inner):
            sources = [inner.strip()]
        poster = attrs.get("poster", "") if kind == "video" else ""
        markup = "".join(f'<source src="{escape(src)}">' for src in sources)
        return f'<{kind} poster="{escape(poster)}">{markup}</{kind}>'


def _is_image(attachment):
    try:
        extension = PurePosixPath(urlsplit(attachment.url).path).suffix.lower().lstrip(".")
    except ValueError:
        return False
    return extension in settings.WAGTAILIMAGES_EXTENSIONS


def _gallery_figure(attachment):
    """One picture of a shortcode gallery, with the media item's caption (its excerpt)."""
    caption = _as_text(attachment.caption) if attachment.caption else ""
    return (
        f'<figure><img src="{escape(attachment.url)}" alt="{escape(attachment.alt)}" '
        f'class="wp-image-{attachment.id}"><figcaption>{escape(caption)}</figcaption></figure>'
    )


# ---------------------------------------------------------------------------- conversion


class WordPressContent:
    """Blocks for one post's content."""

    def __init__(self, report, resolve_image, attachments, *, resolve_file=None, post_id=None):
        self.report = report
        self.converter = HtmlToBlocks(
            report, resolve_image=resolve_image, resolve_file=resolve_file
        )
        self.shortcodes = Shortcodes(report, attachments, post_id)

    def convert(self, content):
        if not has_blocks(content):
            blocks = self._html(autop(self.shortcodes.code(content)))
        else:
            blocks = []
            for part in parse_blocks(content):
                blocks += self._html(part) if isinstance(part, str) else self._block(part)
        self.converter.close()
        return blocks

    def _html(self, html):
        if not html.strip():
            return []
        return self.converter.convert(self.shortcodes.apply(self.shortcodes.code(html)))

    def _block(self, block):
        namespace, name = block.name.split("/", 1)
        if namespace == "core-embed" or (namespace == "core" and name in EMBED_BLOCKS):
            return self._embed(block)
        if namespace == "core" and name in SILENT_BLOCKS:
            return []
        if namespace == "core" and name == "shortcode":
            return self._html(autop(self.shortcodes.code(block.html())))
        if block.name == "syntaxhighlighter/code":  # the plugin's block keeps its language
            language = re.sub(r"[^\w+#-]", "", str(block.attrs.get("language", "")))
            pre = f'<pre data-lang="{language}"'
            return self._html(re.sub(r"<pre\b", pre, block.html(), count=1))
        if namespace == "core" and name in HTML_BLOCKS:
            return self._html(block.html())
        html = block.html()
        if html.strip():
            self.report.warn(
                _("Unknown block “%(name)s”: only its text was kept.") % {"name": block.name}
            )
            return self._html(html)
        self.report.warn(
            _("Unknown block “%(name)s” had no content and was left out.") % {"name": block.name}
        )
        return []

    def _embed(self, block):
        url = block.attrs.get("url") or ""
        if not url:
            found = re.search(r"https?://[^\s<\"]+", block.html())
            url = found.group(0) if found else ""
        caption_match = re.search(r"(?s)<figcaption[^>]*>(.*?)</figcaption>", block.html())
        caption = re.sub(r"<[^>]+>", "", caption_match.group(1)).strip() if caption_match else ""
        if not url:
            self.report.warn(_("An embed block without an address was left out."))
            return []
        markup = f'<figure><wp-embed data-url="{escape(url)}"></wp-embed>'
        if caption:
            markup += f"<figcaption>{escape(caption)}</figcaption>"
        return self.converter.convert(markup + "</figure>")
