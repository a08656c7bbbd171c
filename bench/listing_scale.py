"""Whether the home page, the listings and an article cost more with more articles: each page
rendered in-process (Django's test client, production settings, the page cache off, the
other caches warm, as `make bench` measures "uncached") at each size of generated data, with
the median wall time (SQL included) and worker CPU, the SQL queries and their time.

    scripts/with-postgres .venv/bin/python bench/listing_scale.py [--sizes 100,10000]
        [--json] [--queries]

Sizes are made in turn on the same database (generate_bench_data adds what is missing), so
start from an empty one: 100 articles take seconds, 10,000 about ten minutes on two CPUs
(BENCH_JOBS processes, 2). BENCH_RENDER_REPEAT sets how many views a median is taken over (40).
--queries prints each page's SQL with its time at the last size, on stderr.
"""

import json
import os
import statistics
import sys
import time

from environment import prepare_site, setup_django  # bench/environment.py (on sys.path)

setup_django(forced={"PAGE_CACHE_SECONDS": "0"})

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = int(os.environ.get("BENCH_RENDER_REPEAT", "40"))
JOBS = int(os.environ.get("BENCH_JOBS", "2"))
PAGES = {
    "home": "/",
    "article list": "/articles/",
    "tag": "/articles/tag/python/",
    "article": "/articles/bench-long-read/",
}


def sizes():
    if "--sizes" in sys.argv:
        return [int(size) for size in sys.argv[sys.argv.index("--sizes") + 1].split(",")]
    return [100, 10_000]


def generate(articles):
    """The bench's data at this size, with few comments (the article's 100 and a few more:
    comments do not change what a listing reads)."""
    prepare_site(articles=articles, comments=150 + articles // 10, jobs=JOBS)


def measure(client, url):
    """(median wall ms, median CPU ms, queries, their total ms) of a warm view."""
    response = client.get(url)  # warm-up: templates, renditions, the kept lists
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    walls, cpus = [], []
    for _ in range(REPEAT):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(url)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    return {
        "wall_ms": round(statistics.median(walls), 2),
        "cpu_ms": round(statistics.median(cpus), 2),
        "queries": len(queries),
        "sql_ms": round(sql_ms, 2),
    }, queries.captured_queries


def print_queries(url, queries):
    print(f"--- {url}", file=sys.stderr)
    for query in queries:
        print(f"{query['time']:>6} {query['sql'][:300]}", file=sys.stderr)


def main():
    client = Client(HTTP_HOST="127.0.0.1", headers={"x-forwarded-proto": "https"})
    results = {}
    for size in sizes():
        generate(size)
        results[size] = {}
        for name, url in PAGES.items():
            results[size][name], queries = measure(client, url)
            if "--queries" in sys.argv and size == sizes()[-1]:
                print_queries(url, queries)
    if "--json" in sys.argv:
        print(json.dumps({"repeat": REPEAT, "results": results}, ensure_ascii=False))
    else:
        print("\n".join(report(results)))


def report(results):
    first, last = min(results), max(results)
    lines = [f"In-process, page cache off (median of {REPEAT} views):"]
    lines.append(
        f"  {'page':<14}{'articles':>9}{'wall ms':>9}{'CPU ms':>8}{'queries':>9}{'SQL ms':>8}"
    )
    for name in PAGES:
        for size, pages in results.items():
            row = pages[name]
            lines.append(
                f"  {name:<14}{size:>9,}{row['wall_ms']:>9.2f}{row['cpu_ms']:>8.2f}"
                f"{row['queries']:>9}{row['sql_ms']:>8.2f}"
            )
        if last != first:
            growth = results[last][name]["wall_ms"] / results[first][name]["wall_ms"]
            lines.append(
                f"  {name}: wall time at {last:,} articles {growth:.2f} × that at {first:,}"
            )
    return lines


if __name__ == "__main__":
    main()
