import itertools
from dataclasses import dataclass

from django.db.models import F, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from articles.models import ARTICLES_PER_PAGE, ArticlePage, published_articles

from .cjk import clean, query_words
from .highlight import highlight, snippet, words_found, words_pattern
from .ranking import counted_page, ranked_articles
from .vocabulary import closest_word, spelling_groups

MAX_QUERY_LENGTH = 200
# Searches counted for the admin's "popular searches": a query already counted is counted
# again; a new one only if it found articles and the table is below this size, so that a
# flood of made-up queries cannot grow the database without limit (issue #12). Wagtail's
# `searchpromotions_garbage_collect` command drops old daily counts.
MAX_COUNTED_QUERIES = 5000
# A suggestion costs a search and a vocabulary scan per word: only for short queries.
MAX_SUGGESTED_WORDS = 4


def clean_query(raw):
    """Collapse white space and control characters; cut queries nobody types by hand."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    query = " ".join(printable.split())
    return query[:MAX_QUERY_LENGTH], len(query) > MAX_QUERY_LENGTH


def search_articles(query, exclude_ids=()):
    """Live, public articles matching every word of the query, best first (search/ranking.py)."""
    words = query_words(query)
    return ranked_articles(query, words, spelling_groups(words), exclude_ids)


@dataclass
class SearchHit:
    article: ArticlePage
    url: str  # worked out once: the title and the picture both link to it
    title: SafeString
    snippet: SafeString


def snippet_text(article, pattern, word_count):
    """The lead or the block of the body that has the most of the words (the first one wins).
    The body's text is the one stored when the article was saved (ArticlePage.plain_body, one
    block a line): converting ten StreamField bodies took longer than the search itself."""
    best, best_count = article.lead, 0
    for piece in itertools.chain([article.lead], article.plain_body.splitlines()):
        count = words_found(piece, pattern)
        if count > best_count:
            best, best_count = piece, count
            if count == word_count:
                break
    return best


def search_hits(articles, words, groups, request):
    """Each article of a result page with its address, its title and a snippet highlighted:
    the reader's words and the other spellings of them that the articles use (見積り typed,
    見積もり highlighted)."""
    pattern = words_pattern([spelling for group in groups.values() for spelling in group])
    return [
        SearchHit(
            article,
            article.get_url(request=request),
            highlight(article.title, pattern),
            snippet(snippet_text(article, pattern, len(words)), pattern),
        )
        for article in articles
    ]


@dataclass
class Promotion:
    title: str
    url: str
    description: str


def promotions_for(query, request):
    """What the editors pinned for this query (Search promotions in the admin), live and public
    pages only."""
    keys = {normalise_query_string(query), normalise_query_string(" ".join(clean(query).split()))}
    pinned = SearchPromotion.objects.filter(query__query_string__in=keys)
    if not pinned.exists():  # most searches: the pages' privacy is then not looked up
        return [], []
    visible_pages = Page.objects.live().public()
    picks = (
        pinned.filter(Q(page__isnull=True, external_link_url__gt="") | Q(page__in=visible_pages))
        .select_related("page")
        .order_by("sort_order", "id")
    )
    leads = dict(
        ArticlePage.objects.filter(
            id__in=[pick.page_id for pick in picks if pick.page_id]
        ).values_list("id", "lead")
    )
    promotions = []
    for pick in picks:
        if pick.page is None:
            promotions.append(
                Promotion(
                    pick.external_link_text or pick.external_link_url,
                    pick.external_link_url,
                    pick.description,
                )
            )
        elif url := pick.page.get_url(request):  # None for a page outside every site
            promotions.append(
                Promotion(pick.page.title, url, pick.description or leads.get(pick.page_id, ""))
            )
    return promotions, [pick.page_id for pick in picks if pick.page_id]


def count_search(query_string):
    """Counts a search that found articles for the admin's "popular searches" (Search
    promotions): Wagtail's Query.get(q).add_hit(), the day's row made only once, and new
    queries only while the table is below MAX_COUNTED_QUERIES."""
    normalised, today = normalise_query_string(query_string), timezone.now().date()
    # Most searches are of a query already counted today: one UPDATE, no read first.
    todays = QueryDailyHits.objects.filter(query__query_string=normalised, date=today)
    if todays.update(hits=F("hits") + 1):
        return
    known = Query.objects.filter(query_string=normalised).first()
    if known is None and Query.objects.count() >= MAX_COUNTED_QUERIES:
        return
    (known or Query.get(query_string)).add_hit(today)


def finds_any(query):
    """Whether the query finds a published article (no ranking: a suggestion's check)."""
    return bool(list(published_articles().search(query, order_by_relevance=False)[:1]))


def did_you_mean(query):
    """「もしかして」: the query with each word that finds nothing replaced by the closest word
    of the index's vocabulary, if that finds articles; else None. Asked only of a query that
    found nothing, so a query of one word as typed is not searched again."""
    words = query_words(query)
    if len(words) > MAX_SUGGESTED_WORDS:
        return None
    suggested = [
        word if len(words) > 1 and finds_any(word) else (closest_word(word) or word)
        for word in words
    ]
    if suggested == words or not finds_any(" ".join(suggested)):
        return None
    return " ".join(suggested)


def search(request):
    query, truncated = clean_query(request.GET.get("query", ""))
    results = hits = suggestion = None
    promotions = []
    if query:
        promotions, promoted_ids = promotions_for(query, request)
        words = query_words(query)
        groups = spelling_groups(words)
        ranked = ranked_articles(query, words, groups, exclude_ids=promoted_ids)
        results = counted_page(ranked, request.GET.get("page"), ARTICLES_PER_PAGE)
        hits = search_hits(results.object_list, words, groups, request)
        if results.number == 1 and hits:
            count_search(query)
        if not hits and not promotions:
            suggestion = did_you_mean(query)
        if results.number > 1:
            promotions = []  # pinned results are shown above the first page only
    notice = (
        _("Your search was too long, so only the first %(count)s characters were used.")
        % {"count": MAX_QUERY_LENGTH}
        if truncated
        else ""
    )
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": results,
            "hits": hits,
            "promotions": promotions,
            "suggestion": suggestion,
            "notice": notice,
        },
    )
