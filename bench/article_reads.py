"""What an article's own view reads besides the article (issue #13, session 6), measured in
one process, the two ways in turn, so that a busy machine slows both alike:

- Wagtail's privacy check (`Page.get_view_restrictions()`: the pages above for aliases, then
  their restrictions) against ours, from the pages routing passed (`routing.restrictions_above`,
  one query);
- the tags and categories read from their tables against the form stored on the row
  (`articles/taxonomy.py`).

Worker CPU, median of 300 each:

    scripts/with-postgres .venv/bin/python bench/article_reads.py
"""

import statistics
import time

from environment import prepare_site, setup_django  # bench/environment.py (on sys.path)

setup_django(forced={"PAGE_CACHE_SECONDS": "0"})

from wagtail.models import Page  # noqa: E402

from articles.models import ArticlePage  # noqa: E402
from articles.routing import restrictions_above  # noqa: E402
from articles.taxonomy import taxonomy_from_stored, taxonomy_to_store  # noqa: E402

REPEAT = 300


def median_ms(work):
    work()
    spent = []
    for _ in range(REPEAT):
        start = time.process_time()
        work()
        spent.append(time.process_time() - start)
    return statistics.median(spent) * 1000


def main():
    from home.management.commands.generate_bench_data import TARGET_SLUG

    prepare_site(articles=20, comments=0)
    article = ArticlePage.objects.get(slug=TARGET_SLUG)
    index = article.get_parent().specific
    article.routed_ancestors = [index.get_parent().specific, index]
    stored = taxonomy_to_store(list(article.tags.all()), list(article.categories.all()))
    ways = {
        "privacy: Wagtail's check, 2 queries": lambda: list(Page.get_view_restrictions(article)),
        "privacy: from the pages routing passed": lambda: list(restrictions_above(article)),
        "tags + categories: 2 queries": lambda: (
            list(article.tags.all()),
            list(article.categories.all()),
        ),
        "tags + categories: stored on the row": lambda: taxonomy_from_stored(stored),
    }
    for round_ in (1, 2):
        print(f"round {round_}:")
        for name, work in ways.items():
            print(f"  {name:<42} {median_ms(work):6.3f} ms")


if __name__ == "__main__":
    main()
