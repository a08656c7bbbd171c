from django import template
from django.conf import settings

from home.templatetags.site_tags import canonical_url

from ..middleware import QUERY_PARAMETER

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """[(hreflang, absolute URL)]: the default language at the canonical address (also the
    x-default), every other language with ?hl=."""
    url = canonical_url(context)
    if not url:
        return []
    joiner = "&" if "?" in url else "?"
    alternates = [("x-default", url)]
    for code, _ in settings.LANGUAGES:
        alternates.append(
            (
                code,
                url if code == settings.LANGUAGE_CODE else f"{url}{joiner}{QUERY_PARAMETER}={code}",
            )
        )
    return alternates
