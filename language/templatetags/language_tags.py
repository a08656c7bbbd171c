from django import template
from django.conf import settings

from home.templatetags.site_tags import listing_address, with_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """[(hreflang, absolute URL)]: the default language at the plain address (also the
    x-default), every other language with ?hl= (the canonical address of each version)."""
    request = context.get("request")
    if request is None:
        return []
    url = listing_address(request)
    codes = [code for code, _ in settings.LANGUAGES]
    return [("x-default", url), *((code, with_language(url, code)) for code in codes)]
