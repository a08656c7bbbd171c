"""The comment form against cross-site posts (issue #12), on pages that are cached.

Article pages are cached whole for anonymous readers, and a page that carried a CSRF token
would hand the first reader's token to everyone (our page cache stores no response that sets
a cookie, so it would not be cached at all). So the cached form carries no token; instead:

- The form's small script (static/comments/js/form-refresh.js) fetches, just before posting,
  a fresh timestamp and this reader's own CSRF token from a never-cached URL (form_data view),
  which also sets the CSRF cookie. The post then passes Django's own CSRF check.
- A post without a valid token that a browser marks as coming from another site
  (Sec-Fetch-Site, or an Origin that is not ours) is refused: no third-party page can make
  its visitors send our confirmation mail.
- A post without a valid token from our own pages (JavaScript off, an old browser) sends
  nothing either: the form is shown again, with a token, and the text kept; the second press
  works.

The view stays csrf_exempt only so that these answers replace Django's bare 403 page; the
check itself is Django's CsrfViewMiddleware, called through its public process_view().
"""

from django.middleware.csrf import CsrfViewMiddleware

SAME_ORIGIN_FETCH = {"same-origin", "none"}  # "none": typed or bookmarked by the user


def _probe(request):
    """Stands in for a CSRF-protected view when checking a token by hand."""


def has_site_token(request):
    """True when the POST carries this site's CSRF token, as Django's middleware checks it."""
    return CsrfViewMiddleware(lambda r: None).process_view(request, _probe, (), {}) is None


def is_cross_site(request):
    """True when the browser says the post comes from a page of another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site not in SAME_ORIGIN_FETCH
    origin = request.headers.get("Origin")
    if origin:
        return origin != f"{request.scheme}://{request.get_host()}"
    return False  # no header (old browsers, scripts): shown the form again, nothing sent


def trusted_user(request):
    """The logged-in user if the post carries a valid token, else None: without one a
    logged-in user is treated like any reader, so a forged post never publishes in their
    name."""
    if request.user.is_authenticated and has_site_token(request):
        return request.user
    return None
