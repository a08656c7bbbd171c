"""The order of the public search's results, and a page of them counted in the same query.

The index finds the articles; the order is ours, the same on SQLite and PostgreSQL: more of the
words (in any spelling) in the title first, then more of them in the headings, then the words
side by side in the title, lead or a heading, then close together in the body, above scattered,
then more of them in the lead, then the newest. (Wagtail's SQLite backend ranks the lead no
higher than the body, and PostgreSQL's weights depend on every boost in the project.)

Speed: the ranking runs on narrow rows (ids and four small numbers, no joins for the cards),
and the number of matches comes from the same query as the page (a window count): one query,
compiled once. Only the page's ten articles are then read for their cards.
"""

from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Q, Value, When, Window

from wagtail.search.backends import get_search_backend

from modelsearch.backends.base import EmptySearchResults

from articles.models import CARD_FIELDS, ArticlePage, card_renditions, published_articles

from .variants import near_tokens


def _contains_any(field, spellings):
    """The field contains one of the spellings. Case is ignored only for words that have it
    (Latin letters): on PostgreSQL, upper() over Japanese text costs more than the search."""
    condition = Q()
    for spelling in spellings:
        lookup = "icontains" if spelling.lower() != spelling.upper() else "contains"
        condition |= Q(**{f"{field}__{lookup}": spelling})
    return condition


def _count_in(field, groups):
    """How many of the words (in any of their spellings) the field contains."""
    return sum(
        (
            Case(When(_contains_any(field, spellings), then=Value(1)), default=Value(0))
            for spellings in groups.values()
        ),
        Value(0),
    )


def _close_in_body(words):
    """Articles in which two of the words stand close together (next to each other or linked
    by a particle: フリーランスの時間管理), found through the pair tokens of their index
    (search/variants.py), as a subquery of ids; None for one word or no Japanese pair."""
    tokens = near_tokens(words)
    if not tokens:
        return None
    found = get_search_backend().search_whole_tokens(tokens, ArticlePage.objects.all())
    return found.get_queryset().values("pk")


def _together(words):
    """2 when the words stand side by side, in the order typed, in the title, lead or a
    heading; 1 when two of them stand close together in the body; else 0. None for one word."""
    if len(words) < 2:
        return None
    phrases = {"".join(words), " ".join(words)}
    side_by_side = (
        _contains_any("title", phrases)
        | _contains_any("lead", phrases)
        | _contains_any("plain_headings", phrases)
    )
    whens = [When(side_by_side, then=Value(2))]
    close = _close_in_body(words)
    if close is not None:
        whens.append(When(id__in=close, then=Value(1)))
    return Case(*whens, default=Value(0))


def ranked_articles(query, words, groups, exclude_ids=()):
    """Published articles matching every word of the query, best first (a queryset).

    `words` are the query's words and `groups` their spellings (vocabulary.spelling_groups),
    worked out once by the caller."""
    ranks = {
        "title_hits": _count_in("title", groups),
        "heading_hits": _count_in("plain_headings", groups),
        "together": _together(words),
        "lead_hits": _count_in("lead", groups),
    }
    # Without a word there is nothing to rank by (a constant is no order: PostgreSQL reads
    # ORDER BY 0 as a column number).
    ranks = {name: rank for name, rank in ranks.items() if rank is not None and groups}
    articles = published_articles().annotate(**ranks)
    if exclude_ids:
        articles = articles.exclude(id__in=exclude_ids)
    articles = articles.order_by(
        *(F(name).desc() for name in ranks),
        F("first_published_at").desc(nulls_last=True),
        F("id").desc(),
    )
    found = articles.search(query, order_by_relevance=False)
    if isinstance(found, EmptySearchResults):  # nothing left to search for (punctuation)
        return articles.none()
    # The backend's results as a queryset, so that the page and the count share one query.
    return found.get_queryset()


class CountedResults:
    """Ranked results for Django's Paginator: a page of ids and the number of matches come
    from one query (a window count); then only the page's articles are read, for their cards."""

    def __init__(self, ranked):
        self.ranked = ranked
        self.total = None
        self.fetched = (0, 0, [])  # (start, stop, ids) of the last page read

    def read_ids(self, start, stop):
        counted = self.ranked.annotate(total=Window(Count("pk")))
        rows = list(counted.values_list("pk", "total")[start:stop])
        if rows or start == 0:
            self.total = rows[0][1] if rows else 0
        self.fetched = (start, stop, [pk for pk, _total in rows])

    def ids(self, start, stop):
        fetched_start, fetched_stop, ids = self.fetched
        complete = stop <= fetched_stop or len(ids) < fetched_stop - fetched_start
        if start != fetched_start or not complete:
            self.read_ids(start, stop)
        return self.fetched[2][: stop - start]

    def count(self):
        if self.total is None:
            self.total = self.ranked.count()  # no rows on the page asked for: counted alone
        return self.total

    def __getitem__(self, page):
        ids = self.ids(page.start, page.stop)
        found = result_cards(ids).in_bulk()
        return [found[pk] for pk in ids if pk in found]


# What a result shows: a card (title, address, date, eyecatch), the author's name and a
# snippet (the lead or a line of the body's stored text).
RESULT_FIELDS = (*CARD_FIELDS, "author", "lead", "plain_body")


def result_cards(ids):
    """What a result's card shows, for these ids of published articles (the ranked query
    checked that they are live and public): only those columns (an article read whole, with
    its ~50 other columns, cost more to load than the search to run)."""
    return (
        ArticlePage.objects.filter(pk__in=ids)
        .only(*RESULT_FIELDS)
        .select_related("author", "hero_image")
        .prefetch_related(card_renditions())
    )


MAX_PAGE_NUMBER = 1_000_000


def counted_page(ranked, number, per_page):
    """The page `number` (a string from the address) of ranked results, as
    Paginator.get_page gives it: a malformed or out-of-range number gives the first or the last
    page. The page asked for is read first, so that its query also counts the matches."""
    results = CountedResults(ranked)
    try:
        # Capped: a number past any real page must not become an OFFSET the database refuses
        # (bigint); past the end, Paginator falls back to the last page, read on its own.
        start = (min(max(int(number), 1), MAX_PAGE_NUMBER) - 1) * per_page
    except (TypeError, ValueError):
        start = 0
    results.read_ids(start, start + per_page)
    page = Paginator(results, per_page).get_page(number)
    page.object_list = list(page.object_list)
    return page
