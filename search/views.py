import itertools
from dataclasses import dataclass

from django.db.models import Case, F, Q, Value, When
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from articles.models import ArticlePage, article_listing, paginate

from .cjk import clean, query_words
from .fields import block_text
from .highlight import highlight, snippet, words_found, words_pattern

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """Collapse white space and control characters; cut queries nobody types by hand."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    query = " ".join(printable.split())
    return query[:MAX_QUERY_LENGTH], len(query) > MAX_QUERY_LENGTH


def _count_in(field, words):
    """How many of the words the field contains (SQL, so the database can sort on it)."""
    return sum(
        (
            Case(When(**{f"{field}__icontains": word}, then=Value(1)), default=Value(0))
            for word in words
        ),
        Value(0),
    )


def search_articles(query, exclude_ids=()):
    """Live, public articles matching every word of the query, best first.

    The index finds the articles; the order is ours, the same on SQLite and PostgreSQL: more
    of the words in the title first, then more of them in the lead, then the newest. (Wagtail's
    SQLite backend ranks the lead no higher than the body, and PostgreSQL's weights depend on
    every boost in the project, images included.)
    """
    words = query_words(query)
    articles = article_listing().annotate(
        title_hits=_count_in("title", words), lead_hits=_count_in("lead", words)
    )
    if exclude_ids:
        articles = articles.exclude(id__in=exclude_ids)
    articles = articles.order_by(
        F("title_hits").desc(),
        F("lead_hits").desc(),
        F("first_published_at").desc(nulls_last=True),
        F("id").desc(),
    )
    return articles.search(query, order_by_relevance=False)


@dataclass
class SearchHit:
    article: ArticlePage
    title: SafeString
    snippet: SafeString


def snippet_text(article, texts, pattern, word_count):
    """The lead or the block of the body that has the most of the words (the first one wins)."""
    best, best_count = article.lead, 0
    for piece in itertools.chain([article.lead], texts):
        count = words_found(piece, pattern)
        if count > best_count:
            best, best_count = piece, count
            if count == word_count:
                break
    return best


def body_texts(ids):
    """{article id: the text of each block of its body}. The listing leaves the bodies out:
    they are loaded here, in one query, and converted together (the images of all of them
    in one query too, not one per body)."""
    rows = list(ArticlePage.objects.filter(id__in=ids).values_list("id", "body"))
    stream_block = ArticlePage._meta.get_field("body").stream_block
    converted = stream_block.bulk_to_python([body.raw_data for _, body in rows])
    return {
        article_id: [text for child in body for text in block_text(child.block, child.value)]
        for (article_id, _), body in zip(rows, converted, strict=True)
    }


def search_hits(articles, query, request=None):
    """Each article of a result page with its title and a snippet highlighted. The bodies'
    text is converted for the ten articles of the page together."""
    words = query_words(query)
    pattern = words_pattern(words)
    texts = body_texts([article.id for article in articles])
    return [
        SearchHit(
            article,
            highlight(article.title, pattern),
            snippet(snippet_text(article, texts.get(article.id, []), pattern, len(words)), pattern),
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
    visible_pages = Page.objects.live().public()
    picks = (
        SearchPromotion.objects.filter(query__query_string__in=keys)
        .filter(Q(page__isnull=True, external_link_url__gt="") | Q(page__in=visible_pages))
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
    """Counts a search for the admin's "popular searches" (Search promotions): Wagtail's
    Query.get(q).add_hit() in two queries instead of three, the day's row made only once."""
    query = Query.get(query_string)
    today = timezone.now().date()
    if not QueryDailyHits.objects.filter(query=query, date=today).update(hits=F("hits") + 1):
        query.add_hit(today)


def search(request):
    query, truncated = clean_query(request.GET.get("query", ""))
    results = hits = None
    promotions = []
    if query:
        promotions, promoted_ids = promotions_for(query, request)
        results = paginate(request, search_articles(query, exclude_ids=promoted_ids))
        hits = search_hits(list(results), query, request)
        if results.number == 1:
            count_search(query)
        else:
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
            "notice": notice,
        },
    )
