from django.core.management.base import BaseCommand, CommandError

from articles.models import ArticlePage
from home import demo_content
from search.bench import precision_rows


class Command(BaseCommand):
    help = (
        "Precision and recall of the site search on the demo articles (run load_demo first). "
        "An article should be found when it contains every word of the query."
    )

    def handle(self, *args, **options):
        slugs = [spec["slug"] for spec in demo_content.ARTICLES]
        if ArticlePage.objects.live().filter(slug__in=slugs).count() < len(slugs):
            raise CommandError("The demo articles are missing: run `manage.py load_demo` first.")
        rows = precision_rows()
        true_hits = found_total = expected_total = exact = 0
        for query, expected, found in rows:
            hits = len(expected & found)
            true_hits += hits
            found_total += len(found)
            expected_total += len(expected)
            exact += expected == found
            mark = "ok" if expected == found else "!!"
            self.stdout.write(
                f"{mark} {query!r:32} expected {len(expected)}  found {len(found)}  right {hits}"
            )
            for slug in sorted(found - expected):
                self.stdout.write(f"     not expected: {slug}")
            for slug in sorted(expected - found):
                self.stdout.write(f"     missed: {slug}")
        precision = true_hits / found_total if found_total else 1.0
        recall = true_hits / expected_total if expected_total else 1.0
        self.stdout.write(
            f"{len(rows)} queries, {exact} exactly right; precision {precision:.1%} "
            f"({true_hits}/{found_total}), recall {recall:.1%} ({true_hits}/{expected_total})"
        )
