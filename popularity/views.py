from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wagtail.models import Page

from .counting import count_view
from .filters import first_view_in_a_while, from_another_site, looks_like_a_bot

MAX_PAGE_ID_DIGITS = 12


def no_content():
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response


# No CSRF token: the beacon is sent by a script on cached pages that carry no token, and no
# cookie is read. Other sites are refused by their Origin (filters.from_another_site).
@csrf_exempt
@require_POST
def view_beacon(request):
    page_id = request.POST.get("page", "")
    if not (page_id.isascii() and page_id.isdigit() and len(page_id) <= MAX_PAGE_ID_DIGITS):
        return HttpResponseBadRequest()
    if from_another_site(request) or looks_like_a_bot(request):
        return no_content()
    page_exists = Page.objects.live().public().filter(pk=int(page_id)).exists()
    if page_exists and first_view_in_a_while(request, page_id):
        count_view(int(page_id))
    return no_content()
