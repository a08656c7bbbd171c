"""Cold render of the pages the site chrome (header, sidebar, footer, head, comment form)
weighs on most, in worker CPU with no page cache and no fragments (like cold_render.py, whose
data and measure it shares): the 2,400-character article, the home page and a search page.

    scripts/with-postgres .venv/bin/python bench/chrome_render.py [--json]

BENCH_RENDER_REPEAT sets how many views each median is taken over (40).
"""

import json
import sys
from urllib.parse import quote

import cold_render  # bench/cold_render.py (on sys.path): sets Django up on import

SEARCH_WORDS = "記事"


def measure():
    from django.test import Client

    _, short = cold_render.prepare()
    client = Client(HTTP_HOST="127.0.0.1", headers={"x-forwarded-proto": "https"})
    pages = {
        "2,400-character article, no comment": short.url,
        "home page": "/",
        f"search page ({SEARCH_WORDS})": f"/search/?query={quote(SEARCH_WORDS)}",
    }
    return {name: cold_render.cpu_ms(client, url) for name, url in pages.items()}


def main():
    rows = measure()
    if "--json" in sys.argv:
        print(json.dumps({"repeat": cold_render.REPEAT, "rows": rows}, ensure_ascii=False))
        return
    print(f"Cold render, worker CPU (median of {cold_render.REPEAT}), no page cache:")
    for name, (ms, queries) in rows.items():
        print(f"  {name:<40} {ms:>7.2f} ms  {queries:>2} queries")


if __name__ == "__main__":
    main()
