from urllib.parse import quote

from django import template

from wagtail.models import Site

from home.templatetags.site_tags import canonical_url

from ..images import share_image_for

register = template.Library()


@register.simple_tag(takes_context=True)
def generated_share_image(context, page, site_image=None):
    """The generated image for `page` (url, width, height), or None for the site's home page
    when the site settings name a share image of their own (that one is used there). A view
    without a page (search results) shares the home page's image."""
    site = Site.find_for_request(context.get("request"))
    if site is None:
        return None
    if not page:  # missing from the context
        page = site.root_page
    if page.pk is None:  # a new page's first preview
        return None
    if site_image and page.pk == site.root_page_id:
        return None
    return share_image_for(page, site.site_name)


@register.simple_tag(takes_context=True)
def share_targets(context, title):
    """The page's address and its sharing services' links (X, Facebook, Hatena Bookmark,
    LINE), built in one step: the template encoded the address once per service."""
    url = canonical_url(context)
    encoded = quote(url, safe="")
    return {
        "url": url,
        "x": f"https://x.com/intent/post?url={encoded}&text={quote(str(title), safe='')}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={encoded}",
        "hatena": f"https://b.hatena.ne.jp/entry/panel/?url={encoded}",
        "line": f"https://social-plugins.line.me/lineit/share?url={encoded}",
    }
