"""The full-page cache: anonymous GET requests served from Django's cache.

Never cached, here and in the reverse proxy (deploy/varnish/default.vcl), which follows the
same rules: requests with a session or messages cookie (logged-in users, editors, previews)
or an Authorization header; other methods than GET (posting a comment); the admin, comments,
search and document URLs; responses other than 200 (form errors are re-shown from a POST);
responses that set a cookie or say private / no-cache / no-store; Wagtail previews (their
requests, made up by Wagtail for the page's own URL, are never answered from the cache).

Query strings: tracking parameters (utm_*, fbclid, gclid…) change nothing on a page and are
left out of the key, so a shared link is the same entry as the plain address; ?page= of the
listings and ?hl= (a known language) are part of the key; any other parameter or value means
the page is rendered and not stored,
so made-up query strings cannot push real pages out of the cache.

A stored page is keyed by scheme, host, language, path and ?page=, kept PAGE_CACHE_SECONDS at
most (0 switches the cache off), with the tokens of what it shows (scopes.py): it is served
only while they are unchanged. Responses that may be cached say so with `s-maxage`, which is
also what tells the reverse proxy it may keep them. The middleware sits right after
SecurityMiddleware: what it stores carries every header the inner middlewares add
(Content-Security-Policy included). A hit costs one query: the tokens, kept in the database
so that a cache that went back in time cannot serve an old page (scopes.py). With the
database down the cache is bypassed, and the page below answers with the outage page.

X-Page-Cache (hit or miss) is only sent when PAGE_CACHE_STATUS_HEADER is on (DEBUG, tests):
in production it would tell anyone what is cached.
"""

import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_request

from . import failsafe, scopes

NEVER_CACHED_PATHS = ("/admin/", "/comments/", "/search/", "/documents/", "/static/", "/media/")
PRIVATE_COOKIES = ("messages",)  # with settings.SESSION_COOKIE_NAME
KEYED_PARAMETERS = ("page", "hl")  # the listings' pages; ?hl=en, the English alternates
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = {
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "ttclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi",
    "mkt_tok", "ref_src",
}  # fmt: skip


def is_tracking(name):
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not getattr(request, "is_dummy", False)  # Wagtail's preview requests
        and not request.path.startswith(NEVER_CACHED_PATHS)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not any(name in request.COOKIES for name in PRIVATE_COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
        and all(name in KEYED_PARAMETERS or is_tracking(name) for name in request.GET)
        and request.GET.get("hl", settings.LANGUAGE_CODE) in dict(settings.LANGUAGES)
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


def page_key(request):
    kept = sorted((name, request.GET[name]) for name in KEYED_PARAMETERS if name in request.GET)
    query = f"?{urlencode(kept)}" if kept else ""
    language = get_language_from_request(request)
    where = f"{request.scheme}://{request.get_host()}{request.path}{query}|{language}"
    return f"page:{hashlib.md5(where.encode(), usedforsecurity=False).hexdigest()}"


def still_current(stored):
    """The stored page, if nothing it shows changed since it was rendered."""
    if stored is None:
        return None
    tokens, response = stored
    return response if scopes.tokens(tokens) == tokens else None


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        try:
            stored = still_current(failsafe.get(key))
        except DatabaseError:
            return self.get_response(request)
        if stored is not None:
            status, headers, body = stored
            return self.with_status(HttpResponse(body, status=status, headers=headers), "hit")
        started = time.time()
        response = self.get_response(request)
        if cacheable_response(request, response):
            self.store(key, request, response, started)
        return response

    def store(self, key, request, response, started):
        try:
            tokens = scopes.tokens(scopes.of_request(request))
        except DatabaseError:
            return
        # A change committed while this page rendered may not be in it: not stored then.
        if any(scopes.changed_since(token, started) for token in tokens.values()):
            return
        seconds = settings.PAGE_CACHE_SECONDS
        patch_cache_control(response, public=True, s_maxage=seconds)
        if "max-age" not in response["Cache-Control"].replace("s-maxage", ""):
            patch_cache_control(response, max_age=0)  # browsers ask again; purges reach them
        page = (response.status_code, dict(response.items()), response.content)
        if failsafe.set(key, (tokens, page), seconds):
            self.with_status(response, "miss")

    @staticmethod
    def with_status(response, status):
        if settings.PAGE_CACHE_STATUS_HEADER:
            response["X-Page-Cache"] = status
        return response
