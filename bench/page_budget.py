"""The reader's budgets of issue #17, measured in Debian's Chromium on the demo's long article
(wordpress-to-wagtail-migration: about 7,700 characters, code, tables, images, an eyecatch):

- LCP (largest contentful paint) ≤ 1.0 s on loopback with the CPU slowed 4× (CDP
  Emulation.setCPUThrottlingRate), a cold browser cache each time;
- CLS (cumulative layout shift) ≤ 0.05, the page scrolled to the end so that lazy images load;
- weight ≤ 120 KB: HTML + CSS + JS as transferred (compressed by WhiteNoise), before images.

The site runs as in production (gunicorn, production settings, WhiteNoise, page cache on) on
SQLite in a throwaway folder, with `load_demo`'s content. Phone (375×812) and desktop
(1280×900); the median of --runs loads each. Prints a Markdown table; --json for a line of
JSON. Exit status 1 when a budget is missed.

    .venv/bin/python bench/page_budget.py [--runs 5] [--json] [--path /articles/…/]
"""

# ruff: noqa: S603 (runs this project's own commands)

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from environment import ROOT, production_env  # bench/environment.py (on sys.path)
from ports import free_port

PYTHON = sys.executable
ARTICLE = "/articles/wordpress-to-wagtail-migration/"
BUDGETS = {"lcp_s": 1.0, "cls": 0.05, "weight_kb": 120.0}
VIEWPORTS = {"phone": (375, 812), "desktop": (1280, 900)}
CPU_SLOWDOWN = 4
TEXT_TYPES = ("document", "stylesheet", "script")

# Runs before any script of the page (Playwright injects it through CDP: the page's CSP does
# not apply). Collects the largest paint and the layout shifts not caused by the reader.
OBSERVE = """
window.__budget = {lcp: 0, cls: 0, element: ""};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__budget.lcp = entry.startTime;
    const found = entry.element;
    window.__budget.element = found ? found.tagName + "." + found.className : entry.url;
  }
}).observe({type: "largest-contentful-paint", buffered: true});
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__budget.cls += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""
SCROLL_TO_END = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((done) => setTimeout(done, 60));
  }
}"""


def wait_for(url, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own 127.0.0.1)
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"no answer from {url}")


def start_site(work):
    """Migrate, collect static files, load the demo and start gunicorn; (server, base URL)."""
    port = free_port()
    env = {
        **os.environ,
        **production_env(work),
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "BASE_URL": f"http://127.0.0.1:{port}",
    }
    for command in (["migrate"], ["collectstatic", "--noinput"], ["load_demo"]):
        subprocess.run([PYTHON, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True)
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    command = [gunicorn, "blogsite.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/robots.txt", server)
    return server, base


def text_weight(page):
    """Bytes transferred for the document, stylesheets and scripts (images left out)."""
    entries = page.evaluate(
        """() => [...performance.getEntriesByType("navigation"),
                  ...performance.getEntriesByType("resource")]
                 .map((e) => [e.initiatorType, e.name, e.transferSize, e.decodedBodySize])"""
    )
    weight = decoded = 0
    for kind, name, transferred, size in entries:
        is_text = kind == "navigation" or name.endswith((".css", ".js")) or kind in TEXT_TYPES
        if is_text and not name.endswith((".png", ".jpg", ".jpeg", ".webp", ".avif", ".svg")):
            weight += transferred
            decoded += size
    return weight / 1024, decoded / 1024


def serve_media(context, media_root, delay=0.0):
    """Uploaded images, which the TLS proxy serves in production (gunicorn does not): read
    from the media folder by the browser itself, `delay` seconds late (a slow network: an
    image without its size then moves the text when it arrives)."""

    def answer(route):
        time.sleep(delay)
        relative = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        found = (media_root / relative).resolve()
        if found.is_relative_to(media_root.resolve()) and found.is_file():
            route.fulfill(path=str(found), headers={"Cache-Control": "max-age=3600"})
        else:
            route.fulfill(status=404)

    context.route("**/media/**", answer)


def measure_once(browser, url, viewport, media_root, image_delay=0.0):
    context = browser.new_context(
        viewport=dict(zip(("width", "height"), viewport, strict=True)), locale="ja-JP"
    )
    serve_media(context, media_root, image_delay)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.add_init_script(OBSERVE)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(500)  # the LCP entry is final at the first input or scroll
    lcp_ms, element = page.evaluate("() => [window.__budget.lcp, window.__budget.element]")
    page.evaluate(SCROLL_TO_END)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    cls = page.evaluate("() => window.__budget.cls")
    weight, decoded = text_weight(page)
    ttfb_ms, fcp_ms = page.evaluate(
        """() => [performance.getEntriesByType("navigation")[0].responseStart,
                  (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime]"""
    )
    context.close()
    figures = {
        "lcp_s": lcp_ms / 1000,
        "fcp_s": (fcp_ms or 0) / 1000,
        "ttfb_s": ttfb_ms / 1000,
        "cls": cls,
        "weight_kb": weight,
        "decoded_kb": decoded,
    }
    return figures, element


def chromium_path():
    found = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.access(found, os.X_OK):
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    return found


def measure(base, path, runs, media_root):
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310 (renditions made)
        for name, viewport in VIEWPORTS.items():
            loads = [measure_once(browser, base + path, viewport, media_root) for _ in range(runs)]
            samples = [figures for figures, _ in loads]
            results[name] = {
                key: statistics.median(sample[key] for sample in samples) for key in samples[0]
            }
            results[name]["lcp_element"] = loads[-1][1]
        browser.close()
    return results


def report(results, as_json):
    missed = [
        f"{view} {key}"
        for view, figures in results.items()
        for key, limit in BUDGETS.items()
        if figures[key] > limit
    ]
    if as_json:
        print(json.dumps({"budgets": BUDGETS, "results": results, "missed": missed}))
        return missed
    print(
        f"| viewport | LCP s (≤ {BUDGETS['lcp_s']}) | CLS (≤ {BUDGETS['cls']}) "
        f"| HTML+CSS+JS KB transferred (≤ {BUDGETS['weight_kb']:.0f}) | uncompressed KB "
        "| first byte / first paint s | largest paint |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for view, figures in results.items():
        print(
            f"| {view} | {figures['lcp_s']:.2f} | {figures['cls']:.3f} "
            f"| {figures['weight_kb']:.1f} | {figures['decoded_kb']:.1f} "
            f"| {figures['ttfb_s']:.2f} / {figures['fcp_s']:.2f} | {figures['lcp_element']} |"
        )
    load = os.getloadavg()[0]
    print(
        f"\nCPU slowed {CPU_SLOWDOWN}× (CDP), cold browser cache, median of the runs; "
        f"load average {load:.1f} on {os.cpu_count()} cores."
    )
    print("missed: " + (", ".join(missed) if missed else "none"))
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--path", default=ARTICLE)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="page-budget-") as folder:
        server, base = start_site(Path(folder))
        try:
            results = measure(base, options.path, options.runs, Path(folder) / "media")
        finally:
            server.terminate()
            server.wait(timeout=30)
    sys.exit(1 if report(results, options.json) else 0)


if __name__ == "__main__":
    main()
