"""SQL queries and server-side render time of pages, measured in-process with Django's test
client (no network, no full-page cache): `python bench/page_costs.py [-v] [--json] URL...`.

Run from the project folder with DJANGO_SETTINGS_MODULE and DATABASE_URL set (bench/run.py
does). -v prints each page's queries, so an N+1 shows up as the same query many times.
"""

import json
import os
import statistics
import sys
import time

from environment import setup_django  # bench/environment.py (on sys.path)

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = int(os.environ.get("BENCH_RENDER_REPEAT", "15"))


def measure(client, url):
    response = client.get(url)  # warm-up: renditions, embeds, template loading
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return {"url": url, "queries": len(queries), "render_ms": round(statistics.median(times), 1)}, [
        query["sql"] for query in queries.captured_queries
    ]


def main(argv):
    verbose, as_json = "-v" in argv, "--json" in argv
    urls = [arg for arg in argv if not arg.startswith("-")]
    host = (os.environ.get("ALLOWED_HOSTS") or "127.0.0.1").split(",")[0]
    client = Client(HTTP_HOST=host, headers={"x-forwarded-proto": "https"})
    rows = []
    for url in urls:
        row, sql = measure(client, url)
        rows.append(row)
        if verbose:
            print(f"--- {url}: {row['queries']} queries")
            for line in sql:
                print("   ", line[:300])
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for row in rows:
            print(f"{row['queries']:4d} queries {row['render_ms']:8.1f} ms  {row['url']}")


if __name__ == "__main__":
    main(sys.argv[1:])
