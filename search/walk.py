"""The first result pages of a word found in most articles, without ranking every match
(issue #19: p50 under 30 ms at 10,000 articles).

Ranking all 9,800 articles that contain 見積もり joins and sorts every one of them for a page
of ten. The order of search/ranking.py for one word is: the word in the title, then in the headings,
then in the lead, then the newest. So the page can be read level by level (title; headings or
lead; body only, newest first down the date index), testing each candidate against the search
index in small batches and stopping as soon as the page is full. That is cheap when
most articles match and costly when few do, so it is chosen only when a cheap count of the
matches (estimated_matches) is large; the count shown is then that estimate, rounded
(「約9,800件」).

Rare words, several words (their "close together" rank has no cheap tier), later pages and
SQLite keep the exact single query of search/ranking.py.
"""

import itertools

from django.db import connection
from django.db.models import F, Q

from modelsearch.backends.base import EmptySearchResults

from articles.models import ArticlePage, published_articles

from .ranking import contains_any

# From how many estimated matches a word is walked: at 10,000 articles a word in a fifth of them
# finds a page in about fifty tests; below that the exact query is as fast.
WALK_FROM_MATCHES = 2000
# Only the first pages are walked (a walk reads every tier before the page asked for).
WALKED_PAGES = 3
# Candidates tested against the index at once: one query for a page when most articles match.
BATCH = 20
RANKED_FIELDS = ("title", "plain_headings", "lead")


def estimated_matches(query):
    """About how many articles match: the matches among every article page, drafts and private
    ones included, so that the count need not join each match to its page's state (the
    exact count of a common word costs about twice as much)."""
    if connection.vendor != "postgresql":  # SQLite: no walk, only small sites
        return None
    found = ArticlePage.objects.search(query, order_by_relevance=False)
    if isinstance(found, EmptySearchResults):  # nothing left to search for (punctuation)
        return None
    return found.get_queryset().order_by().count()


def about(number):
    """A large number rounded to two significant digits, as an estimate is shown (9,831: 9,800)."""
    step = 10 ** max(len(str(number)) - 2, 0)
    return number - number % step


def levels(spellings):
    """The tiers of one word's ranking, best first: in the title, headings and lead; title and
    headings; ...; in none of them (the body only), each newest first."""
    found_in = [contains_any(field, spellings) for field in RANKED_FIELDS]
    # DESC without NULLS LAST, so that the date index is read backwards (live articles always
    # have a first publication date).
    newest = [F("first_published_at").desc(), F("id").desc()]
    for wanted in itertools.product((True, False), repeat=len(found_in)):
        tier = Q(*(found if want else ~found for found, want in zip(found_in, wanted, strict=True)))
        yield published_articles().filter(tier).order_by(*newest)


def matching_ids(query, ids):
    """Those of the ids whose articles match the query (one search limited to them)."""
    candidates = ArticlePage.objects.filter(pk__in=ids)
    found = candidates.search(query, order_by_relevance=False).get_queryset()
    return set(found.values_list("pk", flat=True))


def walk(query, spellings, exclude_ids, count):
    """The ids of the first `count` results, in the order of search/ranking.py."""
    found = []
    for level in levels(spellings):
        candidates = level.exclude(id__in=exclude_ids).values_list("pk", flat=True)
        for start in itertools.count(0, BATCH):
            batch = list(candidates[start : start + BATCH])
            hits = matching_ids(query, batch) if batch else set()
            found += [pk for pk in batch if pk in hits]
            if len(found) >= count or len(batch) < BATCH:
                break
        if len(found) >= count:
            break
    return found[:count]


class WalkPlan:
    """How to read the first pages of a common word: `walk` them, `about` matches in all."""

    def __init__(self, query, spellings, exclude_ids, estimate):
        self.query = query
        self.spellings = spellings
        self.exclude_ids = exclude_ids
        self.about = about(estimate)
        self.walked_pages = WALKED_PAGES

    def ids(self, start, stop):
        return walk(self.query, self.spellings, self.exclude_ids, stop)[start:stop]


def walk_plan(query, words, groups, exclude_ids=()):
    """A WalkPlan when the query is one word found in many articles, else None."""
    if len(words) != 1 or len(groups) != 1:
        return None
    estimate = estimated_matches(query)
    if estimate is None or estimate < WALK_FROM_MATCHES:
        return None
    (spellings,) = groups.values()
    return WalkPlan(query, spellings, exclude_ids, estimate)
