"""The page cache over the long tail, in-process (Django's test client, production settings,
the default shared file cache in a fresh folder), on BENCH_ARTICLES generated articles:

1. rotation: every article requested in turn, twice; the second pass is the steady state
   (target: <= 2 ms of worker CPU a request);
2. simulation: BENCH_RATE requests a second spread at random over the articles for
   BENCH_SIM_SECONDS of simulated time, with 10 and then 100 confirmed comments an hour on
   random articles (each makes its article and its listings cold). The CPU the requests took,
   divided by the simulated time, is the share of one core the site needs (target at 100
   comments an hour: <= 0.3).

    scripts/with-postgres .venv/bin/python bench/page_cache.py [--json]
"""

import json
import os
import random
import statistics
import sys
import tempfile
import time

from environment import prepare_site, setup_django  # bench/environment.py (on sys.path)
from issue13_report import page_cache_lines

setup_django(
    defaults={
        "CACHE_DIR": tempfile.mkdtemp(prefix="bench-cache-"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    },
    forced={"PAGE_CACHE_SECONDS": "3600"},
)

from django.test import Client  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "1000"))
RATE = int(os.environ.get("BENCH_RATE", "50"))
SIM_SECONDS = int(os.environ.get("BENCH_SIM_SECONDS", "600"))
COMMENT_RATES = (10, 100)


def prepare():
    from articles.models import ArticlePage

    prepare_site(articles=ARTICLES, comments=2 * ARTICLES)
    articles = ArticlePage.objects.live().order_by("pk").values_list("pk", "url_path")
    return list(articles[:ARTICLES])


def article_urls(rows):
    from wagtail.models import Site

    site_root = Site.objects.get(is_default_site=True).root_page.url_path
    return {pk: "/" + path[len(site_root) :] for pk, path in rows}


def cpu_of(client, url):
    start = time.process_time()
    response = client.get(url)
    spent = time.process_time() - start
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return spent


def rotation(client, urls):
    cold = [cpu_of(client, url) for url in urls]
    warm = [cpu_of(client, url) for url in urls]
    return {
        "cold_ms_median": round(statistics.median(cold) * 1000, 2),
        "steady_ms_mean": round(statistics.mean(warm) * 1000, 3),
        "steady_ms_median": round(statistics.median(warm) * 1000, 3),
    }


def simulate(client, urls_by_pk, comments_an_hour, seed=13):
    from articles.models import ArticlePage
    from comments.posting import create_comment

    rng = random.Random(seed)
    ids = list(urls_by_pk)
    requests = RATE * SIM_SECONDS
    every = RATE * 3600 / comments_an_hour  # requests between two confirmed comments
    spent = comments = 0
    for number in range(requests):
        if number and number % round(every) == 0:
            article = ArticlePage.objects.get(pk=rng.choice(ids))
            create_comment(
                article, name="読者 太郎", email="s@example.jp", url="", followup=False,
                text=f"シミュレーションのコメント {comments}", parent_id=0, ip="127.0.0.1",
            )  # fmt: skip
            comments += 1
        spent += cpu_of(client, urls_by_pk[rng.choice(ids)])
    return {
        "comments_an_hour": comments_an_hour,
        "requests": requests,
        "comments": comments,
        "cpu_ms_per_request": round(spent / requests * 1000, 3),
        "core_share": round(spent / SIM_SECONDS, 3),
    }


def main():
    urls_by_pk = article_urls(prepare())
    client = Client(HTTP_HOST="127.0.0.1", headers={"x-forwarded-proto": "https"})
    results = {"articles": len(urls_by_pk), "rate": RATE}
    results["rotation"] = rotation(client, list(urls_by_pk.values()))
    results["simulation"] = [simulate(client, urls_by_pk, rate) for rate in COMMENT_RATES]
    if "--json" in sys.argv:
        print(json.dumps(results))
        return
    print("\n".join(page_cache_lines(results)))


if __name__ == "__main__":
    main()
