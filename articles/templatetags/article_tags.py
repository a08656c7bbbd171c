from django import template
from django.core.cache import cache
from django.utils.html import format_html
from wagtail.embeds.exceptions import EmbedException

register = template.Library()

EMBED_FAILURE_TTL = 60 * 60


@register.filter
def lookup(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.simple_tag
def embed_or_link(embed_value):
    """The provider's embed, or a plain link when it cannot be fetched (offline, unknown
    provider). Failures are remembered for an hour so a page view never waits on them twice."""
    url = embed_value.url
    failure_key = f"embed-failed:{url}"
    html = ""
    if not cache.get(failure_key):
        try:
            html = embed_value.html
        except EmbedException:
            html = ""
        if not html:
            cache.set(failure_key, True, EMBED_FAILURE_TTL)
    if html:
        return format_html('<div class="embed-frame">{}</div>', html)
    return format_html('<p class="embed-link"><a href="{}" rel="noopener">{}</a></p>', url, url)


@register.filter
def month_url(index_page, month):
    return index_page.month_url(month)
