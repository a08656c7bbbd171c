"""{% cachedfragment "name" value... %}…{% endcachedfragment %}: a costly, user-independent
part of a page (an article's body, its comment threads) kept in Django's cache for
FRAGMENT_CACHE_SECONDS. The key holds the content version (caching/content.py) and the active
language besides the values given, so a fragment goes whenever a whole page would. Previews
always render afresh (a draft must neither be served nor stored), as does everything when
FRAGMENT_CACHE_SECONDS is 0.
"""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils.translation import get_language

from .. import content

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        request = context.get("request")
        seconds = settings.FRAGMENT_CACHE_SECONDS
        if not seconds or request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        vary_on = [
            content.for_request(request),
            get_language(),
            *(value.resolve(context) for value in self.vary_on),
        ]
        key = make_template_fragment_key(self.name.resolve(context), vary_on)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, seconds)
        return html


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% cachedfragment %} needs a name")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )
