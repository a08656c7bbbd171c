"""Time of the Markdown renderer (articles/markdown.py) and of the import's conversion
(imports/markdown.py) on the hostile texts of issue #12 and on a long ordinary article:
`python bench/markdown_limits.py`. Prints one line per text: its size, what happened
(converted or the refusal) and the seconds taken; exits non-zero if any took over BOUND_S.

No database: the import is measured up to the blocks (markdown_to_article), which is where
the time went before (Python-Markdown took 30 s on 16 KB of nested brackets)."""

import os
import sys
import time

from environment import setup_django  # bench/environment.py (on sys.path)

setup_django("blogsite.settings.test")

from django.conf import settings  # noqa: E402

from articles.markdown import MarkdownRefused, render_markdown  # noqa: E402
from imports.markdown import markdown_to_article  # noqa: E402
from imports.pages import ImportProblem  # noqa: E402
from imports.report import Report  # noqa: E402

BOUND_S = float(os.environ.get("BENCH_MARKDOWN_BOUND_S", "1.0"))
ORDINARY = "本文の段落です。**強調**と`code`と[リンク](https://example.jp/)。\n\n- 項目\n- 項目\n\n"
LIMIT = settings.MARKDOWN_IMPORT_MAX_CHARS
TEXTS = {
    "nested brackets 16 KB": "# 題\n\n" + "[" * 8192 + "]" * 8192,
    "hostile 1 MB (underscores)": "# 題\n\n" + "_a" * 500_000,
    "hostile at the import limit": "# 題\n\n" + "_a" * ((LIMIT - 10) // 2),
    "links at the import limit": "# 題\n\n" + "[a](" * ((LIMIT - 10) // 4),
    "entities at the import limit": "# 題\n\n" + "&#" * ((LIMIT - 10) // 2),
    "2,000 front-matter tags": "---\ntags:\n"
    + "".join(f"  - t{n}\n" for n in range(2000))
    + "---\n# 題\n",
    "1,500-level nested list": "# 題\n\n" + "- " * 1500 + "x\n",
    "1,500-level indented list": "# 題\n\n" + "".join("  " * d + "- x\n" for d in range(1500)),
    "ordinary article at the limit": "# 題\n\n" + ORDINARY * ((LIMIT - 10) // len(ORDINARY)),
}


def timed(function, text):
    start = time.perf_counter()
    try:
        function(text)
        outcome = "converted"
    except (MarkdownRefused, ImportProblem) as refused:
        outcome = f"refused: {refused}"[:70]
    return time.perf_counter() - start, outcome


def main():
    slowest = 0.0
    print(f"{'text':32} {'chars':>9} {'render s':>9} {'import s':>9}  outcome")
    for name, text in TEXTS.items():
        render_s, _ = timed(lambda t: render_markdown(t, max_chars=LIMIT), text)
        import_s, outcome = timed(lambda t: markdown_to_article(t, report=Report()), text)
        slowest = max(slowest, render_s, import_s)
        print(f"{name:32} {len(text):>9,} {render_s:>9.3f} {import_s:>9.3f}  {outcome}")
    load = os.getloadavg()[0]
    print(
        f"slowest: {slowest:.3f} s (bound {BOUND_S} s; load average {load:.1f} on "
        f"{os.cpu_count()} cores: figures from a busy machine are that much slower)"
    )
    return 0 if slowest < BOUND_S else 1


if __name__ == "__main__":
    sys.exit(main())
