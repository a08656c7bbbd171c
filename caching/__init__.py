"""Caching: anonymous page views served from Django's cache, and dropped, here and in the
reverse proxy, exactly where a change shows.

scopes.py     what a page shows (site, lists, an article, a tag): a token each (models.py,
              in the database), renewed on change
signals.py    which changes renew which scopes: comments, publishing, settings, authors...
middleware.py the full-page cache itself (who and what is never cached is written there)
purge.py      the reverse proxy (Varnish) purged by the same rule
failsafe.py   the cache as an accelerator: if it fails, pages are rendered without it
"""
