import hashlib
import re

from django import template
from django.core.cache import cache
from django.utils.html import format_html, format_html_join

from wagtail.embeds.exceptions import EmbedException

from .. import eyecatch, navigation

register = template.Library()

EMBED_TTL = 60 * 60
CODE_SPAN = re.compile(r"`([^`]+)`")


def embed_cache_key(url):
    return "embed-html:" + hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


@register.filter
def lookup(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def code_spans(text):
    """A heading's text with its `backquoted` runs as inline code: a heading block holds plain
    text, and this is how the imports keep <code> in headings (and how editors write it)."""
    parts = CODE_SPAN.split(str(text))  # text, code, text, …, text
    runs = format_html_join("", "{}<code>{}</code>", zip(parts[0::2], parts[1::2], strict=False))
    return format_html("{}{}", runs, parts[-1])


@register.simple_tag
def contents_list(nodes):
    """The contents as nested <ol>, one under its section's <li>: built here, as a template
    included once per level with a filter per heading cost about 1 ms on a long article."""
    items = format_html_join(
        "\n",
        '<li><a href="#{}">{}</a>{}</li>',
        (
            (node.entry.anchor, code_spans(node.entry.text), contents_list(node.children))
            for node in nodes
        ),
    )
    return format_html('<ol class="toc__list">\n{}\n</ol>', items) if nodes else ""


@register.simple_tag
def embed_or_link(embed_value):
    """The provider's embed, or a plain link when it cannot be fetched (offline, unknown
    provider). Either outcome is remembered for an hour in Django's cache: a page view costs
    no database query per embed, and never waits on a failing provider twice."""
    url = embed_value.url
    key = embed_cache_key(url)
    html = cache.get(key)
    if html is None:
        try:
            html = embed_value.html or ""
        except EmbedException:
            html = ""
        cache.set(key, html, EMBED_TTL)
    if html:
        return format_html('<div class="embed-frame">{}</div>', html)
    return format_html('<p class="embed-link"><a href="{}" rel="noopener">{}</a></p>', url, url)


@register.inclusion_tag("includes/card_picture.html", takes_context=True)
def card_picture(context, article, first=False, url=None):
    """A card's picture: the eyecatch in AVIF/WebP/JPEG, or the generated share image. The
    first card is the likely largest paint: fetched at once, the others when scrolled to.
    `url`: the article's address when the card has it already."""
    loading = {"loading": "eager", "fetchpriority": "high"} if first else {"loading": "lazy"}
    request = context.get("request")
    picture = eyecatch.card_picture(article, {"class": "card__image", **loading})
    return {
        "url": url or article.get_url(request=request),
        "picture": picture,
        "generated": None if picture else eyecatch.generated_image(article, request),
        "loading": loading,
    }


@register.simple_tag
def subcategory_links(index_page, category):
    return [(child, index_page.category_url(child)) for child in category.children.all()]


@register.inclusion_tag("includes/sidebar.html", takes_context=True)
def sidebar(context):
    """The sidebar: search, the authors' profiles, 人気記事, categories and tags."""
    request = context.get("request")
    return {**navigation.sidebar_data(context.get("page"), request), "request": request}


@register.simple_tag(takes_context=True)
def menu_links(context, site):
    """The header's menu: (url, title) of the site's top pages shown in menus."""
    return navigation.menu_links(site, context.get("request"))
