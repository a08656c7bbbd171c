"""Listings (the home page, the article list, a tag, an author, a month) that cost the same
with 100 or 10,000 articles.

A page of a listing is read newest first along Wagtail's index on `first_published_at`, so
the database stops after the page's rows instead of sorting every article. Pinned articles
(ピン留め) are read apart from the others: ordering by a column of the article (`pinned`) and
then one of the page (the date) cannot follow any index, as both are on different tables.

How many articles a listing has (for the page links, and where the pinned ones end) is
counted once per change of what listings show and kept in Django's cache under the `site`
and `lists` tokens, which the header reads on every page anyway (caching/keys.py; a preview
keeps nothing).
"""

import hashlib
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.formats import date_format

from wagtail.models import Site

from caching.keys import kept_for_readers


@dataclass(frozen=True)
class Counts:
    total: int
    pinned: int


def newest_first(articles):
    """Newest first; the page id breaks ties (imports give many articles the same date)."""
    return articles.order_by("-first_published_at", "-pk")


def count_articles(articles):
    """How many articles, and how many of them pinned, in one query."""
    found = articles.order_by().aggregate(
        total=Count("pk", distinct=True), pinned=Count("pk", distinct=True, filter=Q(pinned=True))
    )
    return Counts(found["total"], found["pinned"])


def kept_counts(request, articles):
    """The listing's counts. A listing is named by its site and its address: the path says
    which articles it shows (the page number, in the query string, does not change them),
    and another site of the installation may have a list at the same path."""
    site = Site.find_for_request(request)
    address = f"{site.pk if site else ''}:{request.path}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return kept_for_readers(f"listing-count:{digest}", lambda: count_articles(articles), request)


class Listing:
    """The articles of a listing as Django's Paginator reads them (a count and slices): newest
    first, and with `pinned_first` the pinned articles before the others. Each group is read
    by its own query, only when the slice reaches it."""

    def __init__(self, articles, counts, pinned_first=False):
        articles = newest_first(articles)
        if pinned_first:
            self.groups = [
                (articles.filter(pinned=True), counts.pinned),
                (articles.filter(pinned=False), counts.total - counts.pinned),
            ]
        else:
            self.groups = [(articles, counts.total)]
        self.total = counts.total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, window):
        """Only slices (what Paginator asks for); `start` and `stop` are moved past each
        group in turn."""
        rows, start, stop = [], window.start or 0, window.stop
        for articles, size in self.groups:
            if start < size and stop > 0:
                rows += articles[start : min(stop, size)]
            start, stop = max(start - size, 0), stop - size
        return rows


def kept_archive_months(request, index):
    """The list's months, newest first, as (address, name, number of articles): every
    article is grouped, and each month's link made, once per change, not on every view."""

    def build():
        months = (
            (timezone.localtime(entry["month"]), entry["count"]) for entry in index.archive_months()
        )
        return [
            (index.month_url(month), date_format(month, "YEAR_MONTH_FORMAT"), count)
            for month, count in months
        ]

    return kept_for_readers(
        f"archive-months:{index.pk}:{translation.get_language()}", build, request
    )
