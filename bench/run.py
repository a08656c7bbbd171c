"""`make bench`: the site's speed, measured the same way each time (docs/performance.md).

Runs under scripts/with-postgres (DATABASE_URL is a throwaway PostgreSQL). Generates the data
with `manage.py generate_bench_data`, serves it with gunicorn (production settings, 2 workers)
and Varnish (deploy/varnish/default.vcl), all on 127.0.0.1, and measures with wrk: fixed
settings, a warm-up, three runs, medians. Prints a table and writes var/bench/results.json.

Settings (environment): BENCH_ARTICLES (10000), BENCH_COMMENTS (10 per article),
BENCH_SMALL (100: the small site latency is compared with), BENCH_DURATION (10 s a run),
BENCH_WARMUP (3 s), BENCH_CONNECTIONS (2, one per gunicorn worker), BENCH_QUERY (a word in
about 4 % of the articles, as a reader's search would be).
A quick run: BENCH_ARTICLES=1000 make bench (about 9 minutes instead of 16).
"""

# ruff: noqa: S603 (runs this project's own commands and wrk/varnishd from PATH)

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

from build_cpu import build_check, children_cpu_seconds, postgres_cpu_seconds  # bench/build_cpu.py
from environment import production_env  # bench/environment.py (this folder is on sys.path)
from issue13_report import cold_render_lines, page_cache_lines  # bench/issue13_report.py
from ports import free_port  # bench/ports.py

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", str(10 * ARTICLES)))
SMALL = int(os.environ.get("BENCH_SMALL", "100"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "2"))
RUNS = 3
QUERY = os.environ.get("BENCH_QUERY", "分散トレーシング")
ARTICLE = "/articles/bench-long-read/"
HOME = "/"
SEARCH = "/search/?query=" + urllib.request.quote(QUERY)
STATIC_COPY = "/static/bench/article.html"
TOPICS_AS_JSON = (
    "import json; from home.management.commands.generate_bench_data import TOPICS; "
    "print(json.dumps(TOPICS))"
)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Bench:
    def __init__(self, work):
        self.work = work
        self.results = {"rows": {}, "generation": {}, "page_costs": {}, "memory_mb": 0}
        self.processes = []
        self.varnish_port = free_port()
        self.env = {
            **os.environ,
            **production_env(work),
            "BASE_URL": f"http://127.0.0.1:{self.varnish_port}",
        }

    def manage(self, *args, **env):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env={**self.env, **env}, check=True)

    def generate(self, articles, label):
        """Builds the articles (pages, search index, vocabulary) and their comments, timed by
        the clock and by the CPU of the command's processes and of PostgreSQL."""
        database = os.environ["DATABASE_URL"]
        started, python = time.monotonic(), children_cpu_seconds()
        server = postgres_cpu_seconds(database)
        comments = COMMENTS * articles // ARTICLES
        self.manage("generate_bench_data", f"--articles={articles}", f"--comments={comments}")
        seconds = time.monotonic() - started
        self.results["generation"][label] = {
            "articles": articles,
            "comments": comments,
            "seconds": round(seconds, 1),
            "cpu_python_s": round(children_cpu_seconds() - python, 1),
            "cpu_postgres_s": round(postgres_cpu_seconds(database) - server, 1),
            "load": os.getloadavg()[0],
        }
        log(f"data for {articles} articles generated in {seconds:.0f} s")

    # ------------------------------------------------------------------ servers

    def start_gunicorn(self, **env):
        port = free_port()
        command = [str(Path(PYTHON).parent / "gunicorn"), "blogsite.wsgi", "--workers", "2"]
        command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        server = subprocess.Popen(command, cwd=ROOT, env={**self.env, **env})
        self.processes.append(server)
        wait_for(f"http://127.0.0.1:{port}/robots.txt", server)
        server.port = port
        return server

    def workers(self, server):
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def cpu_seconds(self, server):
        total = 0
        for pid in self.workers(server):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
        return total / os.sysconf("SC_CLK_TCK")

    def peak_memory(self, server):
        for pid in self.workers(server):
            status = Path(f"/proc/{pid}/status").read_text()
            kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
            self.results["memory_mb"] = max(self.results["memory_mb"], round(kb / 1024, 1))

    def stop(self, server):
        if server.poll() is None:
            server.terminate()
            server.wait(30)

    def stop_all(self):
        for process in self.processes:
            self.stop(process)

    def start_varnish(self, backend_port):
        vcl = (ROOT / "deploy/varnish/default.vcl").read_text()
        path = self.work / "bench.vcl"
        path.write_text(vcl.replace('.port = "8000"', f'.port = "{backend_port}"'))
        command = ["varnishd", "-F", "-j", "none", "-n", str(self.work / "varnish")]
        command += ["-a", f"127.0.0.1:{self.varnish_port}", "-T", "none", "-f", str(path)]
        command += ["-s", "malloc,256m"]
        log_file = open(self.work / "varnish.log", "w")  # noqa: SIM115 (closed with the dir)
        server = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
        self.processes.append(server)
        wait_for(f"http://127.0.0.1:{self.varnish_port}/robots.txt", server)
        server.port = self.varnish_port
        return server

    def save_static_copy(self, html):
        """The ceiling: the same page as a static file (STATIC_COPY), served by Varnish too."""
        static = self.work / "static" / "bench"
        static.mkdir(parents=True, exist_ok=True)
        (static / "article.html").write_text(html)

    # ------------------------------------------------------------------ measuring

    def measure(self, label, server, path, *, cpu_server=None, script=None):
        url = f"http://127.0.0.1:{server.port}{path}"
        wrk(url, WARMUP, script)
        cpu_before = self.cpu_seconds(cpu_server) if cpu_server else 0
        runs = [wrk(url, DURATION, script) for _ in range(RUNS)]
        row = {
            "url": path,
            "rps": statistics.median(run["rps"] for run in runs),
            "p50": statistics.median(run["p50"] for run in runs),
            "p99": statistics.median(run["p99"] for run in runs),
            "load": os.getloadavg()[0],
        }
        if cpu_server:
            requests = sum(run["requests"] for run in runs)
            row["cpu_ms"] = (self.cpu_seconds(cpu_server) - cpu_before) * 1000 / requests
        self.results["rows"][label] = row
        extra = f", {row['cpu_ms']:.1f} ms CPU/request" if "cpu_ms" in row else ""
        figures = f"{row['rps']:.0f} req/s, p50 {row['p50']:.1f} ms, p99 {row['p99']:.1f} ms"
        log(f"{label}: {figures}{extra}")

    def page_costs(self, label, urls, **env):
        output = subprocess.run(
            [PYTHON, "bench/page_costs.py", "--json", *urls],
            cwd=ROOT,
            env={**self.env, "PAGE_CACHE_SECONDS": "0", **env},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        self.results["page_costs"][label] = json.loads(output.strip().splitlines()[-1])

    # ------------------------------------------------------------------ the run

    def run(self):
        self.results["machine"] = machine()
        self.results["settings"] = {
            "articles": ARTICLES, "comments": COMMENTS, "small": SMALL, "duration_s": DURATION,
            "warmup_s": WARMUP, "runs": RUNS, "connections": CONNECTIONS, "query": QUERY,
        }  # fmt: skip
        log(f"{ARTICLES} articles, {COMMENTS} comments; wrk -t{CONNECTIONS} -c{CONNECTIONS} "
            f"-d{DURATION}s --latency, {WARMUP} s warm-up, median of {RUNS}")  # fmt: skip
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        no_caches = {"PAGE_CACHE_SECONDS": "0"}

        self.generate(SMALL, "small")
        for config, env in [("no cache", no_caches), ("uncached", {})]:
            server = self.start_gunicorn(**{"PAGE_CACHE_SECONDS": "0", **env})
            for name, path in [("home", HOME), ("article", ARTICLE)]:
                label = f"{name}, {SMALL} articles, {config}"
                self.measure(label, server, path, cpu_server=server)
            self.peak_memory(server)
            self.stop(server)

        self.generate(ARTICLES, "large")
        costs = [HOME, "/articles/", "/articles/tag/python/", "/articles/author/bench-sato/"]
        costs += [SEARCH, "/feed/", ARTICLE]
        self.page_costs("no cache", costs)
        self.page_costs("again", costs)
        server = self.start_gunicorn(**no_caches)
        for name, path in [("home", HOME), ("article", ARTICLE), ("search", SEARCH)]:
            self.measure(f"{name}, no cache", server, path, cpu_server=server)
        html = fetch(f"http://127.0.0.1:{server.port}{ARTICLE}")
        self.peak_memory(server)
        self.stop(server)
        self.save_static_copy(html)

        server = self.start_gunicorn(PAGE_CACHE_SECONDS="0")
        self.measure("article, uncached", server, ARTICLE, cpu_server=server)
        self.measure("home, uncached", server, HOME, cpu_server=server)
        self.measure("search, as served", server, SEARCH, cpu_server=server)
        topics = self.search_rotation()
        self.measure(
            f"search, {topics} words in turn, as served", server, SEARCH, cpu_server=server,
            script=self.work / "search.lua",
        )  # fmt: skip
        self.peak_memory(server)
        self.stop(server)

        server = self.start_gunicorn(FRONTEND_CACHE_URL=f"http://127.0.0.1:{self.varnish_port}")
        self.measure("article, app-cached", server, ARTICLE, cpu_server=server)
        varnish = self.start_varnish(server.port)
        try:
            self.measure("article, behind Varnish", varnish, ARTICLE, cpu_server=server)
            self.measure("static copy, behind Varnish", varnish, STATIC_COPY)
            self.results["purge"] = self.check_purge(varnish)
        finally:
            self.stop(varnish)
        self.peak_memory(server)
        self.stop(server)
        self.issue_13()
        self.report()

    def issue_13(self):
        """Cold render of the three pages, and the page cache over the long tail (both print
        their own table too: bench/cold_render.py, bench/page_cache.py)."""
        for name in ("cold_render", "page_cache"):
            output = subprocess.run(
                [PYTHON, f"bench/{name}.py", "--json"],
                cwd=ROOT, env=self.env, check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            self.results[name] = json.loads(output.strip().splitlines()[-1])
            log(f"{name}: {self.results[name]}")

    def search_rotation(self):
        """A wrk script that searches each of the generator's topic words in turn (each is in
        a few percent of the articles): readers do not all search for the same word."""
        words = json.loads(
            subprocess.run(
                [PYTHON, "manage.py", "shell", "-v0", "-c", TOPICS_AS_JSON],
                cwd=ROOT, env=self.env, check=True, capture_output=True, text=True,
            ).stdout
        )  # fmt: skip
        paths = ", ".join(json.dumps("/search/?query=" + urllib.request.quote(w)) for w in words)
        (self.work / "search.lua").write_text(
            f"local paths = {{{paths}}}\nlocal i = 0\n"
            "request = function()\n  i = i % #paths + 1\n"
            '  return wrk.format("GET", paths[i])\nend\n'
        )
        return len(words)

    def check_purge(self, varnish):
        """A content change made by the application (as a publish would) empties Varnish."""
        url = f"http://127.0.0.1:{varnish.port}{ARTICLE}"
        before = fetch_headers(url)["X-Cache"]
        self.manage(
            "shell",
            "-v0",
            "-c",
            "from caching import scopes; scopes.renew([scopes.SITE], 'bench')",
            FRONTEND_CACHE_URL=f"http://127.0.0.1:{varnish.port}",
        )
        after = fetch_headers(url)["X-Cache"]
        log(f"purge: {before} before, {after} after a content change")
        return {"before": before, "after": after}

    def report(self):
        out = ROOT / "var" / "bench"
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.json").write_text(json.dumps(self.results, ensure_ascii=False, indent=2))
        print()
        print(table(self.results))
        log(f"results in {out / 'results.json'}")


def wait_for(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            fetch(url)
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
        return response.read().decode()


def fetch_headers(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
        response.read()
        return response.headers


def wrk(url, seconds, script=None):
    command = ["wrk", f"-t{CONNECTIONS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    command += ["-s", str(script)] if script else []
    output = subprocess.run(
        [*command, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk saw errors on {url}:\n{output}")

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": latency(50),
        "p99": latency(99),
    }


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.*)", cpuinfo)
    return {
        "date": datetime.now().astimezone().isoformat(timespec="minutes"),
        "nproc": os.cpu_count(),
        "cpu": model.group(1).strip() if model else "unknown",
        "load_at_start": os.getloadavg()[0],
    }


def table(results):
    rows = results["rows"]
    ceiling = rows["static copy, behind Varnish"]["rps"]
    lines = [
        f"{results['machine']['date']}, {results['machine']['nproc']} × "
        f"{results['machine']['cpu']}; {results['settings']['articles']} articles",
        "",
        "| page | req/s | × static | p50 ms | p99 ms | worker CPU ms/req | load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, row in rows.items():
        cpu = f"{row['cpu_ms']:.1f}" if "cpu_ms" in row else ""
        lines.append(
            f"| {label} | {row['rps']:.0f} | {row['rps'] / ceiling:.2f} | {row['p50']:.1f} "
            f"| {row['p99']:.1f} | {cpu} | {row['load']:.1f} |"
        )
    lines += ["", "| page (in-process) | queries, no cache | ms, no cache | queries | ms |"]
    lines += ["| --- | ---: | ---: | ---: | ---: |"]
    costs = results["page_costs"]
    for raw, warm in zip(costs["no cache"], costs["again"], strict=True):
        lines.append(
            f"| {raw['url']} | {raw['queries']} | {raw['render_ms']} | {warm['queries']} "
            f"| {warm['render_ms']} |"
        )
    small, large = results["settings"]["small"], results["settings"]["articles"]
    lines.append("")
    for name in ["home", "article"]:
        for config in ["no cache", "uncached"]:
            before = rows[f"{name}, {small} articles, {config}"]
            after = rows[f"{name}, {config}"]
            lines.append(
                f"{name}, {config}: p50 {before['p50']:.1f} ms at {small} articles, "
                f"{after['p50']:.1f} ms at {large} ({after['p50'] / before['p50']:.2f}×); CPU "
                f"{before['cpu_ms']:.1f} → {after['cpu_ms']:.1f} ms/request "
                f"({after['cpu_ms'] / before['cpu_ms']:.2f}×)"
            )
    cached = rows["article, app-cached"]["rps"] / rows["article, uncached"]["rps"]
    lines.append(f"app-cached article: {cached:.1f}× the uncached one's req/s")
    generation = results["generation"]["large"]
    lines.append(
        f"data: {generation['articles']} articles and {generation['comments']} comments in "
        f"{generation['seconds']:.0f} s (added to the small set; load average "
        f"{generation['load']:.1f}); CPU {generation['cpu_python_s']:.0f} s Python + "
        f"{generation['cpu_postgres_s']:.0f} s PostgreSQL; peak worker memory "
        f"{results['memory_mb']} MB"
    )
    lines += ["", *targets(rows, small, generation, results["machine"]["nproc"])]
    # Issue #13: the cold render of three pages, the page cache over the long tail.
    lines += ["", *cold_render_lines(results["cold_render"])]
    lines += ["", *page_cache_lines(results["page_cache"])]
    return "\n".join(lines)


def targets(rows, small, generation, nproc):
    """Issue #6's and #19's targets, each with the figure it is judged on."""
    uncached = rows["article, uncached"]
    proxy = rows["article, behind Varnish"]["rps"] / rows["static copy, behind Varnish"]["rps"]
    app_cached = rows["article, app-cached"]["rps"] / uncached["rps"]
    search = rows["search, as served"]["p50"]

    def growth(name):
        config = "uncached"
        return rows[f"{name}, {config}"]["p50"] / rows[f"{name}, {small} articles, {config}"]["p50"]

    checks = [
        ("article behind Varnish ≥ 0.8 × the static copy", f"{proxy:.2f} ×", proxy >= 0.8),
        ("article, page cache off: ≤ 10 ms worker CPU a request",
         f"{uncached['cpu_ms']:.1f} ms", uncached["cpu_ms"] <= 10),
        ("app-cached article ≥ 5 × the uncached req/s", f"{app_cached:.1f} ×", app_cached >= 5),
        ("search p50 < 30 ms, as served", f"{search:.1f} ms", search < 30),
        build_check(generation, nproc),
        *((f"{name} p50 within 1.2 × of {small} articles", f"{growth(name):.2f} ×",
           growth(name) <= 1.2) for name in ("home", "article")),
    ]  # fmt: skip
    lines = ["| target | measured | |", "| --- | ---: | --- |"]
    lines += [f"| {label} | {value} | {'met' if ok else 'MISSED'} |" for label, value, ok in checks]
    return lines


def main():
    missing = [tool for tool in ("wrk", "varnishd") if not shutil.which(tool)]
    if missing:
        raise SystemExit(f"bench: install {' '.join(missing)} (apt-get install wrk varnish)")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("bench: run through scripts/with-postgres (make bench)")
    with tempfile.TemporaryDirectory(prefix="bench.") as work:
        bench = Bench(Path(work))
        try:
            bench.run()
        finally:
            bench.stop_all()


if __name__ == "__main__":
    main()
