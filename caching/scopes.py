"""What a cached page depends on, and dropping exactly the pages a change touches.

A scope names something pages show; each has a token in the cache, replaced when it changes:

  site          everything every page shows (settings, menus, authors, images, tags, privacy)
  lists         which articles are published, and where: every listing, feed and the sitemap
  article:<id>  one article as pages show it: its own page, its card (title, comment count)
  tag:<id>      the articles carrying a tag: related articles on every article that has it

A page stores the tokens of the scopes it used (views say which with depends_on(); a page that
says nothing depends on `site` and `lists`), and is served again only while they are all
unchanged. So a confirmed comment on one article makes cold its page and the listing pages
that show its card, nothing else; publishing an article makes cold the listings, the pages of
the articles it is related to (by tag) and its previous and next article.

A token is "<random>:<time of the change>": a page whose render started before a change of
one of its scopes is not stored (it may hold what was there before). Tokens are written once
the transaction commits, and the reverse proxy is purged at the same moment (purge.py).
"""

import logging
import time
import uuid

from django.db import transaction

from . import failsafe

logger = logging.getLogger(__name__)

SITE, LISTS = "site", "lists"
PREFIX = "scope:"


def article(article_id):
    return f"article:{article_id}"


def tag(tag_id):
    return f"tag:{tag_id}"


def depends_on(request, *scopes):
    """Say that the page being rendered for `request` shows what these scopes name."""
    if request is not None:
        request.cache_scopes = {*getattr(request, "cache_scopes", ()), *scopes}


def of_request(request):
    declared = set(getattr(request, "cache_scopes", ()))
    return sorted({SITE, *declared} if declared else {SITE, LISTS})


def tokens(scopes):
    """{scope: token}; a scope never changed (or forgotten by the cache) gets one now, dated
    0: it cannot have changed while a page rendered, as far as anyone can know."""
    keys = {PREFIX + scope: scope for scope in scopes}
    found = failsafe.get_many(list(keys))
    missing = {key: f"{uuid.uuid4().hex}:0" for key in keys if key not in found}
    for key, token in missing.items():
        failsafe.add(key, token)
    if missing:
        found.update(failsafe.get_many(list(missing)) or missing)
    return {scope: found.get(key, missing.get(key)) for key, scope in keys.items()}


def changed_since(token, moment):
    return float(token.rsplit(":", 1)[1]) >= moment


def changed(*scopes, reason=""):
    """Call after a change readers can see: the scopes get new tokens when the transaction
    commits (a render before that reads the old data and keeps the old tokens)."""
    scopes = sorted(set(scopes))
    transaction.on_commit(lambda: renew(scopes, reason))


def renew(scopes, reason=""):
    now = time.time()
    failsafe.set_many({PREFIX + scope: f"{uuid.uuid4().hex}:{now}" for scope in scopes})
    logger.info("Changed (%s): %s", reason, ", ".join(scopes))
    from .purge import purge_scopes

    purge_scopes(scopes)


def clear_all():
    """Tests and benchmarks: forget every page."""
    failsafe.clear()
