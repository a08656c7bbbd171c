"""Old WordPress addresses → the imported pages, as wagtail.contrib.redirects Redirects.

For each post: its permalink and guid as exported, and the addresses every usual permalink
setting gives it (/?p=ID, /archives/ID, /YYYY/MM/DD/slug/, /YYYY/MM/slug/), since a blog may
have changed its setting and old links keep the old form. For each page: its permalink and
/?page_id=ID. Category and tag archives (/category/parent/child/, /tag/slug/) point at the
article list's tag pages.

Wagtail's RedirectMiddleware only looks at requests that would be a 404 (and retries them
without their query string, so /archives/12?utm_source=x works). WordPress's short links,
`/?p=123`, are not 404s: "/" is the home page, which answers 200 whatever the query string.
`serve_query_redirect` (a before_serve_page hook, see wagtail_hooks.py) therefore checks
requests that carry a query string, less its tracking parameters, for a redirect saved with
that exact query, before the page is served.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils.translation import gettext as _

from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

from .wxr import SYNTHETIC_ID_BASE

# Parameters that analytics and ad tools add to links: they never choose the page.
TRACKING_PARAMETERS = {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
                       "twclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "spm"}  # fmt: skip
TRACKING_PREFIXES = ("utm_", "hsa_", "pk_", "mtm_")


def old_paths(item, base_url):
    """The addresses the item had on WordPress, normalised as Redirect.old_path."""
    candidates = [item.link, item.guid]
    has_wordpress_id = item.id < SYNTHETIC_ID_BASE
    if item.post_type == "page":
        candidates += [f"/?page_id={item.id}"] * has_wordpress_id
    else:
        candidates += [f"/?p={item.id}", f"/archives/{item.id}"] * has_wordpress_id
        candidates += dated_permalinks(item)
    paths = []
    for url in candidates:
        if not url:
            continue
        parts = urlsplit(url)
        if not parts.path.strip("/") and not parts.query:
            continue  # the old home page: never redirect it
        path = Redirect.normalise_path(url)
        if path not in paths:
            paths.append(path)
    return paths


def dated_permalinks(item):
    """/YYYY/MM/DD/slug/ and /YYYY/MM/slug/, from the post's date in the blog's time zone."""
    year, month, day = (item.local_date.split("-") + ["", "", ""])[:3]
    if not (item.slug and year.isdigit() and month.isdigit() and day.isdigit()):
        return []
    return [f"/{year}/{month}/{day}/{item.slug}/", f"/{year}/{month}/{item.slug}/"]


def category_paths(categories):
    """{category slug: [/category/parent/child, /category/child]} from WordPress's categories
    (their parents named by slug, in any order)."""
    parents = {term.slug: term.parent for term in categories}
    paths = {}
    for term in categories:
        chain, slug = [], term.slug
        while slug and slug not in chain:  # a loop in a broken file ends here
            chain.insert(0, slug)
            slug = parents.get(slug, "")
        candidates = [f"/category/{'/'.join(chain)}", f"/category/{term.slug}"]
        paths[term.slug] = list(dict.fromkeys(Redirect.normalise_path(c) for c in candidates))
    return paths


def sync_redirects(page, paths, site, report, *, link=None):
    """Point each old path at `page` (or at the address `link`). A redirect someone made by
    hand to another target is left alone (and reported). One query for all of them, one
    to create those missing."""
    own_path = Redirect.normalise_path(page.url) if page is not None and page.url else None
    paths = [path for path in paths if path != own_path]
    existing = {
        redirect.old_path: redirect
        for redirect in Redirect.objects.filter(site=site, old_path__in=paths)
    }
    missing = []
    for path in paths:
        redirect = existing.get(path)
        if redirect is None:
            missing.append(
                Redirect(
                    old_path=path,
                    site=site,
                    redirect_page=page,
                    redirect_link=link or "",
                    is_permanent=True,
                )
            )
        elif (redirect.redirect_page_id, redirect.redirect_link) != (
            page.pk if page else None,
            link or "",
        ):
            report.warn(
                _("A redirect for %(path)s already exists and points elsewhere: left as it is.")
                % {"path": path}
            )
            continue
        report.count("redirects")
    Redirect.objects.bulk_create(missing)


def without_tracking(query_string):
    """The query string less its tracking parameters (utm_*, fbclid, gclid…)."""
    kept = [
        (key, value)
        for key, value in parse_qsl(query_string, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMETERS and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlencode(kept)


def serve_query_redirect(page, request, serve_args, serve_kwargs):
    """A permanent redirect when the request's path with its query string (tracking
    parameters left out) has one."""
    query = without_tracking(request.META.get("QUERY_STRING", ""))
    if not query:
        return None
    path = Redirect.normalise_path(f"{request.path}?{query}", decode_unicode=False)
    redirect = get_redirect(request, path)
    if redirect is None or redirect.link is None:
        return None
    response_class = (
        HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
    )
    return response_class(redirect.link)
