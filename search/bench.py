"""Measuring the search: precision/recall on the demo articles, speed on generated ones.

Used by `manage.py search_precision` and `manage.py search_benchmark` (docs/search.md).
"""

import functools
import random
import re
import statistics
import time
import unicodedata

from django.db import connection
from django.test import RequestFactory

from wagtail.models import Page
from wagtail.search.backends import database

from articles.models import ARTICLES_PER_PAGE, ArticlePage, article_listing
from home import demo_content

from .cjk import query_words
from .fields import stream_text
from .ranking import counted_page
from .views import search, search_articles

# Words taken from inside sentences of the demo articles (home/demo_content.py), several words
# at once (AND), a full-width space, mixed Japanese/English, one kanji, and a word not there.
QUERIES = [
    *demo_content.SEARCH_PROBES,
    "利用料",
    "業務委託",
    "電話",
    "認証",
    "人日",
    "ネタ帳",
    "公式ドキュメント",
    "見積もり",
    "箱",
    "最短 最長",
    "メモ\u3000ノート",
    "フリーランス 時間管理",
    "Wagtail 検索",
    "StreamField ブロック",
    "Python 形態素解析",
    "量子コンピュータ",
    # Other spellings (search/variants.py) and a zero-hit misspelling.
    "見積り",
    "打合せ",
    "ひっこし",
    "ふりーらんす",
    "シミュレーシン",
]


def resident_mb():
    """This process's resident memory (Linux), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _fold(text):
    return unicodedata.normalize("NFKC", text).casefold()


def article_text(page):
    """Everything the search covers, for deciding by hand which articles should be found."""
    tags = " ".join(tag.name for tag in page.tags.all())
    return _fold(f"{page.title}\n{page.lead}\n{tags}\n{stream_text(page.body)}")


def expected_slugs(query, texts):
    """Articles that contain every word of the query as it was typed."""
    words = [_fold(word) for word in query_words(query)]
    return {slug for slug, text in texts.items() if words and all(w in text for w in words)}


def precision_rows(queries=QUERIES):
    """(query, expected slugs, found slugs) for each query, against the live articles."""
    texts = {page.slug: article_text(page) for page in ArticlePage.objects.live().public()}
    rows = []
    for query in queries:
        found = {article.slug for article in search_articles(query)}
        rows.append((query, expected_slugs(query, texts), found))
    return rows


# --------------------------------------------------------------------------- generated articles


CHOSEN_BY_NAME = {"image", "author"}


def _words_only(value):
    """The demo names the images and authors its blocks point at ("admin-before", "sato");
    the benchmark has none to point at, and only the words count."""
    if isinstance(value, dict):
        return {
            key: None if key in CHOSEN_BY_NAME else _words_only(item) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_words_only(item) for item in value]
    return value


def demo_sentences():
    """Every sentence of the demo articles, to write generated ones with."""
    field = ArticlePage._meta.get_field("body")
    sentences = []
    for spec in demo_content.ARTICLES:
        blocks = [{"type": kind, "value": _words_only(value)} for kind, value in spec["body"]]
        text = stream_text(field.to_python(blocks))
        sentences += [s.strip() for s in re.split(r"(?<=[。.!?！？])\s*", text) if len(s) > 8]
    return sentences


def analysis_cost(count=30, seed=1):
    """(characters per body, CPU ms per body for the bigrams, CPU ms for bigrams and variant
    tokens): the Python side of indexing one generated body, database left out."""
    from .cjk import index_text
    from .variants import index_text_with_variants, japanese_words

    rng = random.Random(seed)
    sentences = demo_sentences()
    bodies = ["\n".join("".join(rng.sample(sentences, 5)) for _ in range(20)) for _ in range(count)]
    costs = []
    for analyse in (index_text, index_text_with_variants):
        japanese_words.cache_clear()
        start = time.process_time()
        for body in bodies:
            analyse(body)
        costs.append((time.process_time() - start) / count * 1000)
    return sum(map(len, bodies)) / count, *costs


def _ms(run, repeat):
    run()  # warm-up: the first run fills caches that a busy site keeps warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def timings(queries=QUERIES, repeat=5):
    """Median milliseconds per query, each from the reader's first result page (count + 10
    articles): our search; the whole view with snippets; Wagtail's relevance order instead of
    ours; Wagtail's stock backend (no bigram queries, so it finds only two-character words);
    the admin's page search. Also how many articles each query finds."""
    factory = RequestFactory()
    stock = database.SearchBackend({})

    def first_page(results):
        return results.count(), list(results[:10])

    def counted_first_page(query):
        page = counted_page(search_articles(query), 1, ARTICLES_PER_PAGE)
        return page.paginator.count, page.object_list

    runs = {
        "first page": counted_first_page,
        "view": lambda query: search(
            factory.get("/search/", {"query": query}, HTTP_HOST="localhost")
        ).render(),
        "relevance order": lambda query: first_page(article_listing().search(query)),
        "stock backend": lambda query: first_page(stock.search(query, article_listing())),
        "admin search": lambda query: list(Page.objects.autocomplete(query)[:20]),
    }
    rows = {
        name: [_ms(functools.partial(run, query), repeat) for query in queries]
        for name, run in runs.items()
    }
    matches = [search_articles(query).count() for query in queries]
    return rows, matches


def explain(query):
    """PostgreSQL's plan for the search of the first result page (None on other databases)."""
    if connection.vendor != "postgresql":
        return None
    return search_articles(query)[:10].explain(analyze=True)
