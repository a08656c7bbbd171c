"""Search at scale (issue #19): builds N generated articles (default 10,000) with their search
index and vocabulary, then times searches as served (Django's test client through every
middleware, production settings, DEBUG off; /search/ is never page-cached).

Run it against a throwaway PostgreSQL:

    scripts/with-postgres .venv/bin/python bench/search_scale.py [--articles 10000] [--repeat 3]

Prints the build (wall time; CPU of this process, its workers and PostgreSQL, so that a busy
machine can be told from a slow build), the index size, then for each query its matches and
median time, and p50/p95 over every timed search. The articles are the benchmark's
(`generate_bench_data`: the demo articles' sentences, three topics each from a list of about
80, so a topic word is in a few percent of the articles); no comments.
"""

import argparse
import os
import resource
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
for name, value in {
    "DJANGO_SETTINGS_MODULE": "blogsite.settings.production",
    "SECRET_KEY": "bench-" + secrets.token_hex(32),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
    "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from home.management.commands.generate_bench_data import TOPICS  # noqa: E402
from search.bench import QUERIES, resident_mb  # noqa: E402
from search.models import Term  # noqa: E402
from search.views import search_articles  # noqa: E402

# What readers type: the generator's topic words (each in a few percent of the articles), the
# demo's words (in most of them), other spellings, two words close together or not, a typo.
BENCH_QUERIES = [*TOPICS[::4], *QUERIES, "表記ゆれ 用字用語", "負荷分散 接続プール"]
TARGETS_MS = {"p50": 30.0}
BUILD_TARGET_S = 600


def _stat(pid):
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def postgres_cpu_seconds(backend_only=False):
    """CPU used so far by the PostgreSQL server: its postmaster's finished children (the
    connections of the build's workers) plus this process's own connection (or only that)."""
    if connection.vendor != "postgresql":
        return 0.0
    backend = _backend_pid()
    ticks = sum(map(int, _stat(backend)[11:13]))
    if not backend_only:
        ticks += sum(map(int, _stat(int(_stat(backend)[1]))[13:15]))
    return ticks / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds():
    mine = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + workers.ru_utime + workers.ru_stime


def build(articles):
    call_command("migrate", verbosity=0)
    if not (Path(os.environ["STATIC_ROOT"]) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    started, cpu, server_cpu = time.perf_counter(), own_cpu_seconds(), postgres_cpu_seconds()
    call_command("generate_bench_data", articles=articles, comments=0, verbosity=0)
    seconds = time.perf_counter() - started
    print(
        f"build: {articles} articles with their search index and vocabulary in {seconds:.0f} s "
        f"(goal <= {BUILD_TARGET_S} s); CPU: {own_cpu_seconds() - cpu:.0f} s Python (2 "
        f"processes), {postgres_cpu_seconds() - server_cpu:.0f} s PostgreSQL; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('wagtailsearch_indexentry'))"
            )
            print(f"search index: {cursor.fetchone()[0]}; vocabulary: {Term.objects.count()} words")


def time_searches(repeat):
    client = Client(HTTP_HOST="127.0.0.1", headers={"x-forwarded-proto": "https"})
    every, rows = [], []
    for query in BENCH_QUERIES:
        response = client.get("/search/", {"query": query})  # warm-up
        if response.status_code != 200:
            raise SystemExit(f"{query}: HTTP {response.status_code}")
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get("/search/", {"query": query})
            times.append((time.perf_counter() - start) * 1000)
        every += times
        rows.append((query, search_articles(query).count(), statistics.median(times)))
    return every, rows


def cpu_per_search(repeat):
    """Milliseconds of CPU per search, this process (the view) and its PostgreSQL connection,
    over every query: what a search costs whatever else the machine is doing (the clock
    times above wait for the CPU when other jobs run)."""
    client = Client(HTTP_HOST="127.0.0.1", headers={"x-forwarded-proto": "https"})
    python, server = time.process_time(), postgres_cpu_seconds(backend_only=True)
    for _ in range(repeat):
        for query in BENCH_QUERIES:
            client.get("/search/", {"query": query})
    searches = repeat * len(BENCH_QUERIES)
    return (
        (time.process_time() - python) * 1000 / searches,
        (postgres_cpu_seconds(backend_only=True) - server) * 1000 / searches,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query")
    parser.add_argument(
        "--no-build", action="store_true", help="time the searches on the articles already there"
    )
    options = parser.parse_args()
    if not options.no_build:
        build(options.articles)
    every, rows = time_searches(options.repeat)
    print(f"{'query':28}{'found':>7}{'median':>11}")
    for query, found, median in rows:
        print(f"{query:28}{found:>7}{median:>8.1f} ms")
    p50, p95 = statistics.median(every), statistics.quantiles(every, n=20)[-1]
    print(
        f"search as served, {len(every)} searches of {len(rows)} queries at {options.articles} "
        f"articles: p50 {p50:.1f} ms (goal < {TARGETS_MS['p50']:.0f} ms), p95 {p95:.1f} ms; "
        f"load average {os.getloadavg()[0]:.1f}; memory of this process {resident_mb():.0f} MB"
    )
    python_ms, server_ms = cpu_per_search(options.repeat)
    print(
        f"CPU per search (mean over the queries): {python_ms:.1f} ms Python (view, template) + "
        f"{server_ms:.1f} ms PostgreSQL = {python_ms + server_ms:.1f} ms"
    )


if __name__ == "__main__":
    main()
