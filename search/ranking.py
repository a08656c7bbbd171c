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
from django.db.models import Case, F, Prefetch, Q, Value, When

from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.search.backends import get_search_backend

from modelsearch.backends.base import EmptySearchResults

from articles.eyecatch import CARD_SPEC
from articles.models import ArticlePage, published_articles

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


def _ranks(words, groups):
    """The sort keys of the ranking, best first (before the date), as annotations."""
    ranks = {
        "title_hits": _count_in("title", groups),
        "heading_hits": _count_in("plain_headings", groups),
        "together": _together(words),
        "lead_hits": _count_in("lead", groups),
    }
    # Without a word there is nothing to rank by (a constant is no order: PostgreSQL reads
    # ORDER BY 0 as a column number).
    return {name: rank for name, rank in ranks.items() if rank is not None and groups}


def _stands_out(words, groups):
    """The articles that any rank above lifts over the plain date order: a word in the title,
    a heading or the lead, or two words close together in the body."""
    condition = Q()
    for spellings in groups.values():
        for field in ("title", "plain_headings", "lead"):
            condition |= _contains_any(field, spellings)
    close = _close_in_body(words) if len(words) > 1 else None
    if close is not None:
        condition |= Q(id__in=close)
    return condition


NEWEST_FIRST = (F("first_published_at").desc(nulls_last=True), F("id").desc())


def matching_articles(query, exclude_ids=()):
    """Published articles matching every word of the query, in no order (a queryset), or
    None when nothing is left to search for (punctuation)."""
    articles = published_articles()
    if exclude_ids:
        articles = articles.exclude(id__in=exclude_ids)
    found = articles.search(query, order_by_relevance=False)
    if isinstance(found, EmptySearchResults):
        return None
    # The backend's results as a queryset, so that it can be filtered, ordered and counted.
    return found.get_queryset()


def ranked_articles(query, words, groups, exclude_ids=()):
    """Published articles matching every word of the query, best first (a queryset): the
    whole ranking in one query, for the judged set and the tests; the result page reads the
    same order in two tiers (RankedSearch).

    `words` are the query's words and `groups` their spellings (vocabulary.spelling_groups),
    worked out once by the caller."""
    matches = matching_articles(query, exclude_ids)
    if matches is None:
        return published_articles().none()
    ranks = _ranks(words, groups)
    return matches.annotate(**ranks).order_by(*(F(name).desc() for name in ranks), *NEWEST_FIRST)


class RankedSearch:
    """The ranked results for Django's Paginator, read in two tiers so that a word found in
    most articles costs no more than a rare one.

    Every rank but the date is zero for an article whose title, headings and lead lack the
    words and whose body does not have two of them close together, so such articles come
    after all the others, newest first. The others (the standouts: few, even for a common
    word) are ranked fully; the rest is read only as far as the page asked for, newest first,
    without ranking or sorting every match. The number of matches is counted on its own,
    only when the page read does not already tell it."""

    def __init__(self, query, words, groups, exclude_ids=()):
        self.matches = matching_articles(query, exclude_ids)
        self.words, self.groups = words, groups
        self.standout_ids = None
        self.total = None

    def standouts(self):
        """The ids of the standouts, fully ranked (one query, once)."""
        if self.standout_ids is None:
            ranks = _ranks(self.words, self.groups)
            standouts = (
                self.matches.filter(_stands_out(self.words, self.groups))
                .annotate(**ranks)
                .order_by(*(F(name).desc() for name in ranks), *NEWEST_FIRST)
            )
            self.standout_ids = list(standouts.values_list("pk", flat=True)) if ranks else []
        return self.standout_ids

    def ids(self, start, stop):
        """The ids of the results start to stop (0-based), in rank order."""
        if self.matches is None:
            return []
        standouts = self.standouts()
        ids = standouts[start:stop]
        if stop > len(standouts):
            rest = self.matches.exclude(id__in=standouts).order_by(*NEWEST_FIRST)
            offset = max(start - len(standouts), 0)
            ids += list(rest.values_list("pk", flat=True)[offset : stop - len(standouts)])
        if (ids or start == 0) and len(ids) < stop - start:
            self.total = start + len(ids)  # the last page: no need to count
        return ids

    def count(self):
        if self.total is None:
            self.total = 0 if self.matches is None else self.matches.count()
        return self.total


class PageOfResults:
    """A page of a RankedSearch for Paginator, whose rows are read once: the page asked for
    is read first, so that a last page gives the count without a query of its own."""

    def __init__(self, ranked, start, stop):
        self.ranked = ranked
        self.fetched = (start, stop, ranked.ids(start, stop))

    def count(self):
        return self.ranked.count()

    def __getitem__(self, page):
        fetched_start, fetched_stop, ids = self.fetched
        if (page.start, page.stop) != (fetched_start, fetched_stop):
            ids = self.ranked.ids(page.start, page.stop)
        found = result_cards(ids).in_bulk()
        return [found[pk] for pk in ids if pk in found]


def result_cards(ids):
    """What a result's card shows, for these ids of published articles (the ranked query
    checked that they are live and public): no body, no categories, no comment count."""
    return (
        ArticlePage.objects.filter(pk__in=ids)
        .defer_streamfields()
        .defer("body_html")
        .select_related("author", "hero_image")
        .prefetch_related(card_renditions())
    )


def card_renditions():
    """The cards' picture renditions read with the articles: Wagtail then takes them from
    the prefetched rows, where from its cache it would write each one back on every request
    (one file per rendition with a file-based cache)."""
    specs = Filter.expand_spec(CARD_SPEC)
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    return Prefetch("hero_image__renditions", queryset=renditions)


MAX_PAGE_NUMBER = 1_000_000


def counted_page(ranked, number, per_page):
    """The page `number` (a string from the address) of a RankedSearch, as Paginator.get_page
    gives it: a malformed or out-of-range number gives the first or the last page."""
    try:
        # Capped: a number past any real page must not become an OFFSET the database refuses
        # (bigint); past the end, Paginator falls back to the last page, read on its own.
        start = (min(max(int(number), 1), MAX_PAGE_NUMBER) - 1) * per_page
    except (TypeError, ValueError):
        start = 0
    results = PageOfResults(ranked, start, start + per_page)
    page = Paginator(results, per_page).get_page(number)
    page.object_list = list(page.object_list)
    return page
