from functools import cache

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info

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


@cache
def language_names():
    """(code, name in that language) of each language of the site: fixed for the process."""
    return tuple((code, get_language_info(code)["name_local"]) for code, _ in settings.LANGUAGES)


@register.simple_tag
def language_choices():
    """(code, name, "true" when it is the language shown) for the switch's buttons."""
    current = get_language()
    return [(code, name, "true" if code == current else "false") for code, name in language_names()]
