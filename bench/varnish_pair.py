"""The article behind Varnish against its static copy behind Varnish, measured in turn.

`make bench` measures the article and then the static copy once each (three wrk runs apiece);
at 40,000–60,000 requests a second wrk and Varnish share the machine's cores and the first
of the two runs low. This measures both on a small site (BENCH_SMALL articles, 100), in
alternating order for --rounds rounds, with the same settings and VCL as `make bench`:

    DJANGO_SETTINGS_MODULE=blogsite.settings.production \\
        scripts/with-postgres .venv/bin/python bench/varnish_pair.py --rounds 3
"""

import argparse
import statistics
import tempfile
from pathlib import Path

from run import ARTICLE, SMALL, STATIC_COPY, Bench, fetch  # bench/run.py (on sys.path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory(prefix="bench.") as work:
        bench = Bench(Path(work))
        try:
            bench.manage("migrate", "--noinput", "-v0")
            bench.manage("collectstatic", "--noinput", "-v0")
            bench.generate(SMALL, "small")
            # Saved before the server that Varnish fronts starts: WhiteNoise (production)
            # serves the static files it found when it started.
            first = bench.start_gunicorn(PAGE_CACHE_SECONDS="0")
            bench.save_static_copy(fetch(f"http://127.0.0.1:{first.port}{ARTICLE}"))
            bench.stop(first)
            proxy = f"http://127.0.0.1:{bench.varnish_port}"
            server = bench.start_gunicorn(FRONTEND_CACHE_URL=proxy)
            varnish = bench.start_varnish(server.port)
            pair = [("article", ARTICLE), ("static copy", STATIC_COPY)]
            for turn in range(rounds):
                for label, path in pair if turn % 2 == 0 else pair[::-1]:
                    bench.measure(f"{label}, round {turn + 1}", varnish, path)
        finally:
            bench.stop_all()
    rows = bench.results["rows"]
    article = statistics.median(rows[f"article, round {n + 1}"]["rps"] for n in range(rounds))
    static = statistics.median(rows[f"static copy, round {n + 1}"]["rps"] for n in range(rounds))
    print(f"article {article:.0f} req/s, static copy {static:.0f} req/s (medians of {rounds} "
          f"rounds): {article / static:.2f} ×")  # fmt: skip


if __name__ == "__main__":
    main()
