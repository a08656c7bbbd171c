from django import template

from wagtail.models import Site

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
