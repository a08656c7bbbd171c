"""Keys for what every page's chrome keeps in Django's cache (the header menu, the sidebar,
the comment rules), and the one rule for writing under them: a preview never does.

The keys carry the tokens of the `site` and `lists` scopes (scopes.py), so an entry is found
again exactly while nothing it shows has changed. A preview renders draft data (a list page's
new slug, say): built from it, an entry would reach readers under their own key, so a
preview builds its own and keeps nothing."""

from django.core.cache import cache

from . import scopes

CHROME_SECONDS = 24 * 60 * 60


def chrome_tokens(request):
    """The `site` and `lists` tokens, read once per request: the header, the sidebar and the
    comment rules are all kept under them."""
    found = getattr(request, "chrome_tokens", None)
    if found is None:
        found = scopes.tokens([scopes.SITE, scopes.LISTS])
        if request is not None:
            request.chrome_tokens = found
    return found


def chrome_key(name, request):
    tokens = chrome_tokens(request)
    return f"{name}:{tokens[scopes.SITE]}:{tokens[scopes.LISTS]}"


def is_preview(request):
    return bool(getattr(request, "is_preview", False))


def kept_for_readers(name, build, request):
    """What `build()` returns, kept under the chrome key `name`; built afresh, read from and
    written to nothing, when the request is a preview."""
    if is_preview(request):
        return build()
    return cache.get_or_set(chrome_key(name, request), build, CHROME_SECONDS)
