"""Cold render: the worker CPU one article costs with no cache at all (no page cache, no
fragments, DEBUG off, production settings), measured in-process with Django's test client on
the three pages of issue #13:

- the benchmark's long article (about 12,000 characters, 24 headings, 100 threaded comments);
- the same article with no comment (the difference, divided by 100, is what one comment costs);
- a 2,400-character article with no comment.

Those rows still have Django's own cache (the file cache in production) warm for what the
site keeps there: the header menu and sidebar, Wagtail's renditions, the embeds. Two more rows
take the long and the short article again with EVERY cache off (each alias a DummyCache), what a
worker costs when the cache is gone or empty: the honest worst case beside the targets.

Run on its own against a throwaway PostgreSQL (it creates its data, then migrates nothing else):

    scripts/with-postgres .venv/bin/python bench/cold_render.py [--json]
        [--profile] [--queries] [--short]

--profile prints cProfile's profile (CPU time) of the long article on stderr, --queries its
SQL; with --short, of the short one. PROFILE_OUT=FILE also saves the profile for pstats.
"""

import json
import os
import statistics
import sys
import time

from environment import prepare_site, setup_django  # bench/environment.py (on sys.path)
from issue13_report import cold_render_lines

setup_django(forced={"PAGE_CACHE_SECONDS": "0"})

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = int(os.environ.get("BENCH_RENDER_REPEAT", "40"))
SHORT_CHARS = 2_400
SQL_CHARS = int(os.environ.get("BENCH_SQL_CHARS", "400"))  # --queries: how much of each to print


def prepare():
    """The bench data (20 articles are enough: a cold render does not depend on their number),
    and a short article without comments made from the body of a generated one."""
    from articles.models import ArticlePage
    from home.management.commands.generate_bench_data import TARGET_SLUG

    prepare_site(articles=20, comments=300)
    long_article = ArticlePage.objects.get(slug=TARGET_SLUG)
    short = ArticlePage.objects.filter(slug="bench-cold-short").first()
    if short is None:
        short = make_short_article(long_article)
    return long_article, short


def make_short_article(long_article):
    from articles.models import ArticlePage

    body, length = [], 0
    for block in long_article.body.raw_data:
        if block["type"] in ("heading", "paragraph"):
            body.append({"type": block["type"], "value": block["value"]})
            length += len(str(block["value"]))
        if length >= SHORT_CHARS:
            break
    short = ArticlePage(
        title="短い記事", slug="bench-cold-short", lead=long_article.lead, body=body,
        author=long_article.author,
    )  # fmt: skip
    long_article.get_parent().add_child(instance=short)
    short.save_revision().publish()
    return short


def cpu_ms(client, url):
    response = client.get(url)  # warm-up: templates, renditions, translations
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    times = []
    for _ in range(REPEAT):
        start = time.process_time()
        client.get(url)
        times.append((time.process_time() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return round(statistics.median(times), 2), len(queries)


def profile(client, url):
    import cProfile
    import pstats

    client.get(url)
    profiler = cProfile.Profile(time.process_time)  # CPU, as the targets are: not SQL waits
    profiler.enable()
    for _ in range(REPEAT):
        client.get(url)
    profiler.disable()
    if os.environ.get("PROFILE_OUT"):  # for pstats' print_callers and the like
        profiler.dump_stats(os.environ["PROFILE_OUT"])
    pstats.Stats(profiler, stream=sys.stderr).sort_stats(
        os.environ.get("PROFILE_SORT", "cumulative")
    ).print_stats(os.environ.get("PROFILE_FILTER", ""), 60)


def print_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for query in queries:
        print(f"{query['time']:>6} {query['sql'][:SQL_CHARS]}", file=sys.stderr)


def every_cache_off():
    """Each cache alias of the settings a DummyCache (nothing kept, nothing found)."""
    from django.conf import settings
    from django.test import override_settings

    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    return override_settings(CACHES=dict.fromkeys(settings.CACHES, dummy))


def measure():
    from comments.models import BlogComment

    long_article, short = prepare()
    client = Client(HTTP_HOST="127.0.0.1", headers={"x-forwarded-proto": "https"})
    if "--profile" in sys.argv:
        profile(client, short.url if "--short" in sys.argv else long_article.url)
    if "--queries" in sys.argv:
        print_queries(client, short.url if "--short" in sys.argv else long_article.url)
    rows = {}
    rows["long article, 100 comments"] = cpu_ms(client, long_article.url)
    comments = BlogComment.objects.for_page(long_article)
    saved = list(comments.values_list("pk", "is_public"))
    comments.update(is_public=False)  # the same article, no comment shown
    rows["long article, no comment"] = cpu_ms(client, long_article.url)
    for pk, is_public in saved:
        BlogComment.objects.filter(pk=pk).update(is_public=is_public)
    rows["2,400-character article, no comment"] = cpu_ms(client, short.url)
    with every_cache_off():
        rows["long article, 100 comments, every cache off"] = cpu_ms(client, long_article.url)
        rows["2,400-character article, every cache off"] = cpu_ms(client, short.url)
    shown = len(saved)
    per_comment = (
        rows["long article, 100 comments"][0] - rows["long article, no comment"][0]
    ) / max(shown, 1)
    return rows, round(per_comment, 3), shown


def main():
    rows, per_comment, shown = measure()
    results = {"repeat": REPEAT, "rows": rows, "per_comment_ms": per_comment, "comments": shown}
    if "--json" in sys.argv:
        print(json.dumps(results, ensure_ascii=False))
        return
    print("\n".join(cold_render_lines(results)))


if __name__ == "__main__":
    main()
