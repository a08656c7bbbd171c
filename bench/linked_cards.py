"""The query that reads an article's related cards and previous/next links back from their
stored ids (ArticlePage.linked_articles), with every column but the body (as before) and with
only what a card shows (CARD_FIELDS): worker CPU, median of 200 each, in turn.

    scripts/with-postgres .venv/bin/python bench/linked_cards.py
"""

import statistics
import time

from environment import prepare_site, setup_django  # bench/environment.py (on sys.path)

setup_django(forced={"PAGE_CACHE_SECONDS": "0"})

from articles.models import CARD_FIELDS, SEARCH_ONLY_FIELDS, ArticlePage, small_cards  # noqa: E402

REPEAT = 200
CARDS = 7  # five related articles, previous and next


def all_but_the_body(ids):
    articles = ArticlePage.objects.live().defer_streamfields()
    return small_cards(articles).defer("body_html", *SEARCH_ONLY_FIELDS).in_bulk(ids)


def card_fields_only(ids):
    return small_cards(ArticlePage.objects.live().only(*CARD_FIELDS)).in_bulk(ids)


def median_ms(read, ids):
    read(ids)
    spent = []
    for _ in range(REPEAT):
        start = time.process_time()
        read(ids)
        spent.append(time.process_time() - start)
    return statistics.median(spent) * 1000


def main():
    prepare_site(articles=20, comments=0)
    ids = list(ArticlePage.objects.live().values_list("pk", flat=True)[:CARDS])
    for _ in range(2):
        for read in (all_but_the_body, card_fields_only):
            print(f"  {read.__name__:<20} {median_ms(read, ids):6.2f} ms for {len(ids)} cards")


if __name__ == "__main__":
    main()
