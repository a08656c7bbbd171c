"""Where the Python side of one search goes (issue #19): cProfile over searches as served.

Runs the benchmark's queries (bench/search_scale.py) through Django's test client, production
settings, against the database of DATABASE_URL (a kept cluster or a throwaway one), and prints
the CPU of the Python side per search, then the functions that took it:

    .venv/bin/python bench/search_profile.py [--repeat 3] [--top 40] [--query 見積もり]

The first pass over the queries is not profiled (warm-up: the analyser, the templates, the
database connection); the figures are the mean over the profiled passes.
"""

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.test import Client

from search_scale import BENCH_QUERIES, postgres_cpu_seconds


def run_searches(client, queries):
    for query in queries:
        response = client.get("/search/", {"query": query})
        if response.status_code != 200:
            raise SystemExit(f"{query}: HTTP {response.status_code}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="profiled passes over the queries")
    parser.add_argument("--top", type=int, default=40, help="functions shown")
    parser.add_argument("--query", action="append", help="only these queries (repeatable)")
    parser.add_argument("--sort", default="tottime", help="pstats order: tottime, cumulative")
    options = parser.parse_args()
    queries = options.query or BENCH_QUERIES
    client = Client(HTTP_HOST="127.0.0.1", headers={"x-forwarded-proto": "https"})
    run_searches(client, queries)  # warm-up, not profiled

    profile = cProfile.Profile(time.process_time)  # CPU, not the wait for PostgreSQL
    python, server = time.process_time(), postgres_cpu_seconds(backend_only=True)
    profile.enable()
    for _ in range(options.repeat):
        run_searches(client, queries)
    profile.disable()
    searches = options.repeat * len(queries)
    python_ms = (time.process_time() - python) * 1000 / searches
    server_ms = (postgres_cpu_seconds(backend_only=True) - server) * 1000 / searches
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(options.sort).print_stats(options.top)
    print(out.getvalue())
    print(
        f"{searches} searches of {len(queries)} queries, profiled (cProfile adds to the Python "
        f"side): {python_ms:.1f} ms Python + {server_ms:.1f} ms PostgreSQL per search"
    )


if __name__ == "__main__":
    main()
