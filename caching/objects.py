"""Database rows that every request reads and few changes touch, kept in Django's cache under
the content version like fragments: the pages routing finds (with the view restrictions Wagtail
checks before serving them) and the site-wide settings.

A request the page cache does not answer (a logged-in reader, a new query string, the page
cache switched off) still goes through Wagtail's routing, its privacy check and the settings:
seven queries for an article, about half of its CPU time once the fragments are cached. A new
content version (caching/content.py) drops them with everything else; what renews it is in
caching/signals.py (page view restrictions included). Previews never read them: they do not
route, and `kept` loads afresh for a preview request anyway.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db.models import Q

from . import content


def _version_and_seconds(request):
    """(content version, seconds to keep) or None when nothing may be kept now."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if not seconds or getattr(request, "is_preview", False):
        return None
    version = content.for_request(request) if request is not None else content.current()
    return version, seconds


def _key(version, *parts):
    """Parts may be anything a URL holds (a slug with spaces, 300 characters): hashed."""
    digest = hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()
    return f"kept:{version}:{digest}"


def kept(key_parts, load, request=None):
    """What `load()` returns, kept FRAGMENT_CACHE_SECONDS under the content version.

    None (nothing found) is not kept: a crawler's made-up addresses would fill the cache.
    """
    keeping = _version_and_seconds(request)
    if keeping is None:
        return load()
    version, seconds = keeping
    key = _key(version, *key_parts)
    found = caches["kept"].get(key)
    if found is None:
        found = load()
        if found is not None:
            caches["kept"].set(key, found, seconds)
    return found


def kept_many(name, ids, load, request=None):
    """kept() for several objects in one cache round trip: {id: value}, where
    load(ids not kept) returns {id: value} for the others."""
    keeping = _version_and_seconds(request)
    if keeping is None:
        return load(list(ids))
    version, seconds = keeping
    keys = {item_id: _key(version, name, item_id) for item_id in ids}
    found = caches["kept"].get_many(list(keys.values()))
    values = {item_id: found[key] for item_id, key in keys.items() if key in found}
    missing = [item_id for item_id in ids if item_id not in values]
    if missing:
        loaded = load(missing)
        caches["kept"].set_many(
            {keys[item_id]: value for item_id, value in loaded.items()}, seconds
        )
        values.update(loaded)
    return values


def private_pages_q(queryset):
    """queryset.private_q() (pages inside a section with a view restriction), the restricted
    pages kept by content version: Wagtail's public() reads them at every call, once per list."""
    from wagtail.models import PageViewRestriction

    restricted = kept(
        ("restricted-pages",),
        lambda: [
            restriction.page for restriction in PageViewRestriction.objects.select_related("page")
        ],
    )
    private = Q()
    for page in restricted:
        private |= queryset.descendant_of_q(page, inclusive=True)
    return private or Q(pk__in=[])


class KeptViewRestrictionsMixin:
    """A page that carries its view restrictions, so that Wagtail's privacy check before
    serving it needs no query when the page comes from the cache.

    Only pages that routing loads through `kept` carry them; every other instance (the admin's)
    asks the database as usual.
    """

    def with_view_restrictions(self):
        restrictions = list(super().get_view_restrictions())
        # Wagtail keeps a password restriction's password as typed: not copied into the
        # cache. Such a page asks the database each time, as Wagtail does.
        if not any(item.restriction_type == item.PASSWORD for item in restrictions):
            self._kept_view_restrictions = restrictions
        return self

    def get_view_restrictions(self):
        restrictions = self.__dict__.get("_kept_view_restrictions")
        return super().get_view_restrictions() if restrictions is None else restrictions


class KeptSiteSettingMixin:
    """For a BaseSiteSetting: a site's row read once per content version (Wagtail's
    for_request then keeps it on the request, as usual)."""

    @classmethod
    def for_site(cls, site):
        parent = super()
        if site is None:
            return parent.for_site(site)  # raises DoesNotExist, as Wagtail's does
        return kept(("setting", cls._meta.label_lower, site.pk), lambda: parent.for_site(site))


class KeptGenericSettingMixin:
    """For a BaseGenericSetting: its row read once per content version. Wagtail's load()
    reads it through _get_or_create() and keeps it on the request, as usual."""

    @classmethod
    def _get_or_create(cls):
        parent = super()
        return kept(("setting", cls._meta.label_lower), parent._get_or_create)
