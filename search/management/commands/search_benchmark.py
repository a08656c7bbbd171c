import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from japanese.analysis import dictionary
from search.bench import (
    QUERIES,
    analysis_cost,
    explain,
    resident_mb,
    timings,
)
from search.models import Term


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
        self.stdout.write(f"memory before the analyser: {resident_mb():.0f} MB")
        start = time.perf_counter()
        dictionary()
        self.stdout.write(
            f"analyser loaded in {(time.perf_counter() - start) * 1000:.0f} ms; memory per "
            f"worker with it: {resident_mb():.0f} MB"
        )
        chars, bigrams_ms, variants_ms = analysis_cost()
        self.stdout.write(
            f"indexing a {chars:.0f}-character body: {bigrams_ms:.1f} ms CPU for the bigrams, "
            f"{variants_ms:.1f} ms with the normalised forms and readings"
        )
        start = time.perf_counter()
        # The benchmark's articles, in bulk with their index and vocabulary, in this process
        # (one transaction, rolled back). bench/search_scale.py builds in two processes.
        call_command("generate_bench_data", articles=count, comments=0, jobs=1, verbosity=0)
        seconds = time.perf_counter() - start
        self.stdout.write(
            f"{count} articles generated and indexed in {seconds:.0f} s ({connection.vendor}): "
            f"{seconds / count * 1000:.0f} ms an article, {Term.objects.count()} words in the "
            "vocabulary"
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
        self.stdout.write(f"memory per worker after the run: {resident_mb():.0f} MB")
        if show_plan:
            self.stdout.write(explain(QUERIES[0]) or "(no plan: not PostgreSQL)")
