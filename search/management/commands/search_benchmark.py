import logging
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from search.bench import QUERIES, explain, generate_articles, timings


class Rollback(Exception):
    """Raised at the end so that the generated articles leave no trace."""


class Command(BaseCommand):
    help = (
        "Time the site search on generated articles (default 1,000), then roll everything back. "
        "Run it on PostgreSQL: scripts/with-postgres sh -c "
        "'python manage.py migrate && python manage.py search_benchmark'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
        parser.add_argument("--explain", action="store_true", help="print a PostgreSQL plan")

    def handle(self, *args, articles, repeat, **options):
        try:
            with transaction.atomic():
                self._run(articles, repeat, options["explain"])
                raise Rollback
        except Rollback:
            self.stdout.write("Generated articles rolled back.")

    def _run(self, count, repeat, show_plan):
        start = time.perf_counter()
        # Wagtail logs every page it creates; a thousand lines would hide the figures.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        generate_articles(count)
        self.stdout.write(
            f"{count} articles generated and indexed in {time.perf_counter() - start:.0f} s "
            f"({connection.vendor})"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
                cursor.execute(
                    "SELECT pg_size_pretty(pg_total_relation_size('wagtailsearch_indexentry'))"
                )
                self.stdout.write(f"search index size: {cursor.fetchone()[0]}")
        rows, matches = timings(QUERIES, repeat)
        self.stdout.write(f"{'query':24}{'found':>6}" + "".join(f"{name:>17}" for name in rows))
        for position, query in enumerate(QUERIES):
            cells = "".join(f"{rows[name][position]:>14.1f} ms" for name in rows)
            self.stdout.write(f"{query[:12]!r:24}{matches[position]:>6}{cells}")
        medians = "".join(f"{statistics.median(times):>14.1f} ms" for times in rows.values())
        self.stdout.write(f"{'median':30}{medians}")
        if show_plan:
            self.stdout.write(explain(QUERIES[0]) or "(no plan: not PostgreSQL)")
