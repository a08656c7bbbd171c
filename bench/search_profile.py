"""Where the Python side of one search goes (issue #19): CPU per stage, or cProfile, over
searches as served.

Runs the benchmark's queries (bench/search_scale.py) through Django's test client, production
settings, against the database of DATABASE_URL (a kept cluster or a throwaway one):

    .venv/bin/python bench/search_profile.py --stages [--repeat 3]   # CPU per stage
    .venv/bin/python bench/search_profile.py [--top 40] [--sort cumulative] [--query 見積もり]

The first pass over the queries is not measured (warm-up: the analyser, the templates, the
database connection); the figures are means over the measured passes. --stages times the
view's steps with the process's CPU clock (nothing else added); cProfile counts CPU too, not
the wait for PostgreSQL, but slows every call down.
"""

import argparse
import collections
import cProfile
import functools
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.template.response import SimpleTemplateResponse
from django.test import Client

from search_scale import BENCH_QUERIES, postgres_cpu_seconds

from search import ranking, views

# (module or class, function, label): the steps of search.views.search, in page order.
STAGES = [
    (views, "promotions_for", "promotions (editors' picks)"),
    (views, "spelling_groups", "spellings from the vocabulary"),
    (views, "ranked_articles", "ranked query built"),
    (ranking.CountedResults, "read_ids", "ranked page and count read"),
    (ranking.CountedResults, "__getitem__", "cards read"),
    (views, "search_hits", "addresses, snippets, highlighting"),
    (views, "count_search", "counted for popular searches"),
    (views, "did_you_mean", "「もしかして」"),
    (SimpleTemplateResponse, "render", "template"),
]


def run_searches(client, queries):
    for query in queries:
        response = client.get("/search/", {"query": query})
        if response.status_code != 200:
            raise SystemExit(f"{query}: HTTP {response.status_code}")


def timed(function, label, spent):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started

    return wrapper


def stages(client, queries, repeat):
    """CPU per stage of a search, in milliseconds, and the whole request's."""
    spent = collections.Counter()
    for owner, name, label in STAGES:
        setattr(owner, name, timed(getattr(owner, name), label, spent))
    spent.clear()
    started = time.process_time()
    for _ in range(repeat):
        run_searches(client, queries)
    searches = repeat * len(queries)
    total = (time.process_time() - started) * 1000 / searches
    for _owner, _name, label in STAGES:
        print(f"{label:36}{spent[label] * 1000 / searches:>7.2f} ms")
    rest = total - sum(spent.values()) * 1000 / searches
    print(f"{'the rest (middleware, test client)':36}{rest:>7.2f} ms")
    print(f"{'whole request':36}{total:>7.2f} ms ({searches} searches of {len(queries)} queries)")


def profile(client, queries, repeat, top, sort):
    profiler = cProfile.Profile(time.process_time)  # CPU, not the wait for PostgreSQL
    python, server = time.process_time(), postgres_cpu_seconds(backend_only=True)
    profiler.enable()
    for _ in range(repeat):
        run_searches(client, queries)
    profiler.disable()
    searches = repeat * len(queries)
    python_ms = (time.process_time() - python) * 1000 / searches
    server_ms = (postgres_cpu_seconds(backend_only=True) - server) * 1000 / searches
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(top)
    print(out.getvalue())
    print(
        f"{searches} searches of {len(queries)} queries, profiled (cProfile adds to the Python "
        f"side): {python_ms:.1f} ms Python + {server_ms:.1f} ms PostgreSQL per search"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="measured passes over the queries")
    parser.add_argument("--stages", action="store_true", help="CPU per stage, no profiler")
    parser.add_argument("--top", type=int, default=40, help="functions shown")
    parser.add_argument("--query", action="append", help="only these queries (repeatable)")
    parser.add_argument("--sort", default="tottime", help="pstats order: tottime, cumulative")
    options = parser.parse_args()
    queries = options.query or BENCH_QUERIES
    client = Client(HTTP_HOST="127.0.0.1", headers={"x-forwarded-proto": "https"})
    run_searches(client, queries)  # warm-up, not measured
    if options.stages:
        stages(client, queries, options.repeat)
    else:
        profile(client, queries, options.repeat, options.top, options.sort)


if __name__ == "__main__":
    main()
