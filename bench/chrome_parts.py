"""What a few parts of every article's chrome cost a view, in worker CPU, each measured alone
in one process (so the shared machine's noise falls on both sides of a comparison alike):

- the site settings as Wagtail's context processor reads them (one query, the model);
- the comment settings read from their row, and kept as plain values with the chrome
  (comments/rules.py; the scope tokens already read for the header, as on a page);
- the six static file URLs of an article page (manifest storage).

    scripts/with-postgres .venv/bin/python bench/chrome_parts.py [--json]

BENCH_PARTS_REPEAT sets how many times each is measured (400); the median is printed.
"""

import json
import os
import statistics
import sys
import time

import cold_render  # bench/cold_render.py (on sys.path): sets Django up on import

REPEAT = int(os.environ.get("BENCH_PARTS_REPEAT", "400"))
STATIC_NAMES = (
    "img/favicon.svg", "css/site.css", "popularity/js/beacon.js", "comments/js/form-refresh.js",
    "comments/js/published.js", "js/share.js",
)  # fmt: skip


def median_ms(part, fresh_request):
    times = []
    for _ in range(REPEAT):
        request = fresh_request()
        start = time.process_time()
        part(request)
        times.append((time.process_time() - start) * 1000)
    return round(statistics.median(times), 3)


def measure():
    from django.templatetags.static import static
    from django.test import RequestFactory

    from wagtail.models import Site

    from caching.keys import chrome_tokens
    from comments.rules import comment_rules, read_rules
    from home.models import SiteSettings

    cold_render.prepare()
    factory = RequestFactory(HTTP_HOST="127.0.0.1")

    def fresh_request():
        """As on a page by then: the site found, the chrome's scope tokens read."""
        request = factory.get("/")
        Site.find_for_request(request)
        chrome_tokens(request)
        return request

    comment_rules(fresh_request())  # kept once, as the first view keeps it
    parts = {
        "site settings (context processor)": SiteSettings.for_request,
        "comment settings, read from their row": lambda request: read_rules(),
        "comment settings, kept as plain values": comment_rules,
        "six static file URLs": lambda request: [static(name) for name in STATIC_NAMES],
    }
    return {name: median_ms(part, fresh_request) for name, part in parts.items()}


def main():
    rows = measure()
    if "--json" in sys.argv:
        print(json.dumps({"repeat": REPEAT, "ms": rows}, ensure_ascii=False))
        return
    print(f"Chrome parts, worker CPU (median of {REPEAT}):")
    for name, ms in rows.items():
        print(f"  {name:<42} {ms:6.3f} ms")


if __name__ == "__main__":
    main()
