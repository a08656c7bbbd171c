from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import ArticlePage
from home import demo_content
from search.judged import add_variant_articles, judged_queries, score
from search.views import search_articles

# Measured with this command on the code before the morphological analysis (commit d1b2c90,
# bigrams only), SQLite and PostgreSQL alike: printed beside today's figures.
BIGRAMS_ONLY = {"precision": 52 / 52, "recall": 52 / 85}
# The same command on the code before the spelling classes of session 6 (loose katakana, kana
# spellings for kanji queries, lone particles, stems, dots), on the 74-query set: 64 exactly
# right.
BEFORE_SPELLING_CLASSES = {"precision": 108 / 110, "recall": 108 / 119}


class Command(BaseCommand):
    help = (
        "Precision and recall of the site search on a judged query set (search/data/): the "
        "demo articles (run load_demo first) plus four articles that write the same words in "
        "other ways, added for the run and rolled back."
    )

    def handle(self, *args, **options):
        slugs = [spec["slug"] for spec in demo_content.ARTICLES]
        if ArticlePage.objects.live().filter(slug__in=slugs).count() < len(slugs):
            raise CommandError("The demo articles are missing: run `manage.py load_demo` first.")
        with transaction.atomic():
            add_variant_articles()
            rows = [
                (query, expected, {article.slug for article in search_articles(query)})
                for query, expected in judged_queries()
            ]
            transaction.set_rollback(True)
        for query, expected, found in rows:
            self._report(query, expected, found)
        precision, recall, right, found_total, expected_total = score(rows)
        exact = sum(expected == found for _, expected, found in rows)
        self.stdout.write(
            f"{len(rows)} queries, {exact} exactly right; precision {precision:.1%} "
            f"({right}/{found_total}), recall {recall:.1%} ({right}/{expected_total})"
        )
        self.stdout.write(
            f"bigrams only (before, first 50 queries): precision "
            f"{BIGRAMS_ONLY['precision']:.1%}, recall {BIGRAMS_ONLY['recall']:.1%}"
        )
        self.stdout.write(
            f"before the spelling classes of session 6 (74 queries): precision "
            f"{BEFORE_SPELLING_CLASSES['precision']:.1%}, "
            f"recall {BEFORE_SPELLING_CLASSES['recall']:.1%}"
        )

    def _report(self, query, expected, found):
        mark = "ok" if expected == found else "!!"
        self.stdout.write(
            f"{mark} {query!r:24} expected {len(expected)}  found {len(found)}  "
            f"right {len(expected & found)}"
        )
        for slug in sorted(found - expected):
            self.stdout.write(f"     not expected: {slug}")
        for slug in sorted(expected - found):
            self.stdout.write(f"     missed: {slug}")
