"""Caching: anonymous page views served from Django's cache, and everything cached (pages,
fragments, the reverse proxy's copies) dropped at once when content changes.

content.py    the content version in every key, replaced after each change; the proxy purge
signals.py    which changes count: (un)publishing, comments, settings, authors, images...
middleware.py the full-page cache itself (who and what is never cached is written there)
objects.py    the database rows every request reads (routed pages, settings) kept by version
templatetags/ {% cachedfragment %}: the costly parts of pages, for requests not served whole
"""
