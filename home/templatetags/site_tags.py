"""Tags for what every page needs: absolute URLs (canonical, link previews) built from the
site's address, and JSON-LD written safely into the page."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from home import site_address
from language.middleware import QUERY_PARAMETER as LANGUAGE_PARAMETER

register = template.Library()

# What json_script escapes, so that no "</script>" or "<!--" in the data can end the element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """An absolute URL for a path or URL: link previews and feeds need the scheme and host."""
    return site_address.absolute_url(path, context.get("request"))


def listing_address(request):
    """The page's absolute address, with ?page= past the first page of a listing: the
    canonical address of its default-language version."""
    url = site_address.absolute_url(request.path, request)
    page_number = request.GET.get("page", "")
    if page_number.isdigit() and int(page_number) > 1:
        url += f"?page={int(page_number)}"
    return url


def with_language(url, code):
    """The address of the page in that language: ?hl= for all but the default one."""
    if code == settings.LANGUAGE_CODE:
        return url
    return f"{url}{'&' if '?' in url else '?'}{LANGUAGE_PARAMETER}={code}"


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """Each language version names itself (an English page its ?hl=en address), as the
    hreflang alternates (language/) say: a canonical pointing at the Japanese page would
    contradict them."""
    request = context.get("request")
    if request is None:
        return ""
    shown = request.GET.get(LANGUAGE_PARAMETER, "")
    code = shown if shown in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return with_language(listing_address(request), code)


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context):
    """The breadcrumbs of the page in the context (articles/breadcrumbs.py)."""
    from articles.breadcrumbs import trail

    page = context.get("page")
    category = context.get("category") or getattr(page, "primary_category_or_first", None)
    return trail(page, context.get("request"), context.get("heading", ""), category)


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, crumbs):
    from articles.breadcrumbs import breadcrumb_list

    return json_ld(breadcrumb_list(crumbs, context.get("request")))


@register.filter
def json_ld(data):
    """A <script type="application/ld+json"> block. It is data, not code, so a strict
    Content-Security-Policy does not block it; <, > and & are escaped like json_script does."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def sponsor_html(html):
    """The sponsor snippet, sanitised again on the way out (it was when saved, too)."""
    from home.models import sanitise_sponsor_html

    return mark_safe(sanitise_sponsor_html(html))  # noqa: S308 (nh3 output)


@register.simple_tag(takes_context=True)
def allow_sponsor_origins(context, site_settings):
    """The page shows the sponsored slot: its policy lists the slot's hosts (home/sponsor.py)."""
    from home.sponsor import allow_on_this_page

    allow_on_this_page(context.get("request"), site_settings.sponsor_origin_list)
    return ""
