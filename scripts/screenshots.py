"""Screenshots of the main pages for docs/images/, taken in Debian's Chromium: home, the long
article, a category page and the tag overview, each on a phone (375 px) and a desktop (1280
px), with the demo content (`load_demo`) on a throwaway site run like production.

    .venv/bin/python scripts/screenshots.py [--out docs/images]
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import page_budget  # noqa: E402 (bench/page_budget.py: the throwaway site and media)

PAGES = {
    "home": "/",
    "article": page_budget.ARTICLE,
    "category": "/articles/category/work/",
    "tags": "/articles/tag/",
}


def take(base, media_root, out):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=page_budget.chromium_path(), headless=True, args=["--no-sandbox"]
        )
        for view, (width, height) in page_budget.VIEWPORTS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="ja-JP"
            )
            page_budget.serve_media(context, media_root)
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base + path, wait_until="networkidle")
                page.evaluate(page_budget.SCROLL_TO_END)  # lazy pictures below the fold
                page.wait_for_load_state("networkidle")
                page.evaluate("() => scrollTo(0, 0)")
                target = out / f"{name}-{view}.png"
                page.screenshot(path=str(target), full_page=name != "article")
                print(target.relative_to(ROOT))
            context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    out = parser.parse_args().out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as folder:
        server, base = page_budget.start_site(Path(folder))
        try:
            take(base, Path(folder) / "media", out)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
