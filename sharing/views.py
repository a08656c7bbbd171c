from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from wagtail.models import Page, Site

from .images import drawn_digest, stored_png

ONE_YEAR = 365 * 24 * 60 * 60


def share_image(request, page_id, digest):
    """The generated image of a live, public page. An old digest (the title changed since
    the link was shared) is sent on to the current image."""
    page = Page.objects.live().public().filter(pk=page_id).first()
    site = Site.find_for_request(request)
    if page is None or site is None:
        raise Http404
    current = drawn_digest(page.title, site.site_name)
    if digest != current:
        return redirect("share_image", page_id=page.pk, digest=current)
    response = HttpResponse(
        stored_png(page.pk, page.title, site.site_name), content_type="image/png"
    )
    patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    return response
