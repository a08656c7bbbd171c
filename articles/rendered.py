"""The article body rendered to HTML once, when the article is saved, instead of on every view.

Rendering ~90 blocks (Markdown, Pygments, one template each) cost 10-15 ms of every cold
view. What is stored: the type of each block and its HTML in each language of the site (a few
block templates carry translated words), as {"ja": [html, ...], "en": [...]}.

Blocks whose HTML comes from outside the site (embeds: the provider may be down when the
article is saved and back later) are stored as None and rendered at view time.

What a block shows of other objects (a linked page's address or title, an image's rendition,
an author's name) can change without the article being saved: `articles/stale.py`
then drops the stored HTML of the articles that refer to it, and the next view renders and
stores it again (`body_fragments`).
"""

from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe

LIVE_BLOCK_TYPES = frozenset({"embed"})


def block_types(body):
    """The type of each block, read from the stored data without converting the blocks."""
    return [block["type"] for block in body.raw_data]


def render_body(body, anchors):
    """The stored form of a body: the HTML of each block, in each language of the site.

    The body is read back from its stored data first, as a view would read it: a body built
    in Python (the demo loader, importers) may leave out optional fields of a block."""
    body = body.stream_block.to_python(list(body.raw_data))
    stored = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            stored[language] = [
                None
                if block.block_type in LIVE_BLOCK_TYPES
                else str(block.render(context={"anchor": anchors.get(position, "")}))
                for position, block in enumerate(body)
            ]
    return stored


def stored_html(stored, language):
    """The stored HTML of each block in that language (or the site's language for one the
    site does not offer), None when nothing is stored."""
    if not stored:
        return None
    return stored.get(language) or stored.get(settings.LANGUAGE_CODE)


def body_fragments(body, blocks_html, anchors):
    """The HTML of each block, as safe strings: stored, or rendered now for live blocks."""
    return [
        mark_safe(html)  # noqa: S308 (rendered by the block templates when the page was saved)
        if html is not None
        else body[position].render(context={"anchor": anchors.get(position, "")})
        for position, html in enumerate(blocks_html)
    ]
