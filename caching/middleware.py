"""The full-page cache: anonymous GET requests served from Django's cache.

Never cached, here and in the reverse proxy (deploy/varnish/default.vcl), which follows the
same rules: requests with a session or messages cookie (logged-in users, editors, previews)
or an Authorization header; other methods than GET (posting a comment); the admin, comments,
search and document URLs; responses other than 200 (form errors are re-shown from a POST);
responses that set a cookie or say private / no-cache / no-store; Wagtail previews (their
requests, made up by Wagtail for the page's own URL, are never answered from the cache).

A stored page is keyed by the content version (content.py), scheme, host, language and full
path, and kept PAGE_CACHE_SECONDS at most (0 switches the cache off). Responses that may be
cached say so with `s-maxage`, which is also what tells the reverse proxy it may keep them.
The middleware sits right after SecurityMiddleware: what it stores carries every header the
inner middlewares add (Content-Security-Policy included), and a hit needs no database.

Requests that are not served from the cache still skip two queries: Wagtail's Site for the
host, with its home page, is kept by content version (objects.py) and handed over where
Site.find_for_request keeps its answer (request._wagtail_site).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_request

from wagtail.models import Site

from . import content
from .objects import kept

NEVER_CACHED_PATHS = ("/admin/", "/comments/", "/search/", "/documents/", "/static/", "/media/")
PRIVATE_COOKIES = ("messages",)  # with settings.SESSION_COOKIE_NAME


def cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not getattr(request, "is_dummy", False)  # Wagtail's preview requests
        and not request.path.startswith(NEVER_CACHED_PATHS)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not any(name in request.COOKIES for name in PRIVATE_COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
    )


def cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        and not getattr(request, "is_preview", False)
    )


def page_key(request, version):
    language = get_language_from_request(request)
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{language}"
    return f"page:{version}:{hashlib.md5(where.encode(), usedforsecurity=False).hexdigest()}"


def preload_site(request):
    try:
        where = ("site", request.get_host(), request.get_port())
    except DisallowedHost:
        return  # Django answers 400 further in
    site = kept(where, lambda: site_with_home(request), request)
    if site is not None:
        request._wagtail_site = site


def site_with_home(request):
    site = Site.find_for_request(request)
    if site is not None:
        home = site.root_page.specific  # loaded now, kept with the site
        if hasattr(home, "with_view_restrictions"):
            home.with_view_restrictions()  # and what Wagtail's privacy check reads
    return site


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = cacheable_request(request)
        preload = (
            settings.FRAGMENT_CACHE_SECONDS > 0
            and not request.path.startswith(("/admin/", "/static/", "/media/"))
            and not getattr(request, "is_dummy", False)
        )
        if not (cacheable or preload):
            return self.get_response(request)
        version = request.content_version = content.current()
        if preload:
            preload_site(request)
        if not cacheable:
            return self.get_response(request)
        key = page_key(request, version)
        stored = cache.get(key)
        if stored is not None:
            status, headers, body = stored
            response = HttpResponse(body, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        # A change committed while this page rendered may not be in it: not stored then.
        if cacheable_response(request, response) and content.current() == version:
            seconds = settings.PAGE_CACHE_SECONDS
            patch_cache_control(response, public=True, s_maxage=seconds)
            if "max-age" not in response["Cache-Control"].replace("s-maxage", ""):
                patch_cache_control(response, max_age=0)  # browsers ask again; purges reach them
            cache.set(
                key, (response.status_code, dict(response.items()), response.content), seconds
            )
            response["X-Page-Cache"] = "miss"
        return response
