"""The page cache as an accelerator: if it fails (Redis down, a full disk, a broken file),
pages are rendered as if nothing were cached, and the failure is logged, never raised."""

import logging

from django.core.cache import caches

logger = logging.getLogger(__name__)
ALIAS = "pages"


def _guarded(name, default, *args):
    try:
        return getattr(caches[ALIAS], name)(*args)
    except Exception:
        logger.warning("Page cache %s failed: served without it", name, exc_info=True)
        return default


def get(key):
    return _guarded("get", None, key)


def get_many(keys):
    return _guarded("get_many", {}, keys)


def set(key, value, timeout):
    """False if the value was surely not stored (Django's backends return None, django-redis
    True, or None for an error it ignored: not a sure failure)."""
    return _guarded("set", False, key, value, timeout) is not False


def set_many(values, timeout=None):
    _guarded("set_many", None, values, timeout)


def add(key, value, timeout=None):
    _guarded("add", None, key, value, timeout)


def clear():
    _guarded("clear", None)
