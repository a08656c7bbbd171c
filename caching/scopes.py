"""What a cached page depends on, and dropping exactly the pages a change touches.

A scope names something pages show; each has a token, replaced when it changes:

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

Tokens live in the database (models.ScopeToken), pages in the cache: a hit costs one indexed
query, and in exchange a cache that forgot, lost or went back in time (Redis restarted from
an old snapshot) can only miss, never serve a page older than its scopes (issue #20). A
database restore renews every token (invalidate_everything(), run by scripts/restore).
"""

import logging
import time
import uuid

from django.db import transaction

from . import failsafe
from .models import ScopeToken

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


def new_token(moment):
    return f"{uuid.uuid4().hex}:{moment}"


def tokens(scopes):
    """{scope: token}; a scope never changed gets one now, dated 0: it cannot have changed
    while a page rendered, as far as anyone can know."""
    rows = ScopeToken.objects.filter(scope__in=scopes)
    found = dict(rows.values_list("scope", "token"))
    missing = [ScopeToken(scope=s, token=new_token(0)) for s in scopes if s not in found]
    if missing:  # another process may make the same rows at the same moment: theirs win
        ScopeToken.objects.bulk_create(missing, ignore_conflicts=True)
        found = dict(rows.values_list("scope", "token"))
    return {scope: found[scope] for scope in scopes}


def changed_since(token, moment):
    return float(token.rsplit(":", 1)[1]) >= moment


def changed(*scopes, reason=""):
    """Call after a change readers can see: the scopes get new tokens when the transaction
    commits (a render before that reads the old data and keeps the old tokens)."""
    scopes = sorted(set(scopes))
    transaction.on_commit(lambda: renew(scopes, reason))


def renew(scopes, reason=""):
    now = time.time()
    ScopeToken.objects.bulk_create(
        [ScopeToken(scope=scope, token=new_token(now)) for scope in scopes],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["token"],
    )
    logger.info("Changed (%s): %s", reason, ", ".join(scopes))
    from .purge import purge_scopes

    purge_scopes(scopes)


def invalidate_everything(reason):
    """After a database restore, a release or a media switch: no page stored before is served
    again (every page depends on `site`) and the reverse proxy is purged whole."""
    renew([SITE, LISTS], reason)


def clear_all():
    """Tests and benchmarks: forget every page."""
    failsafe.clear()
