"""How long the importer's HTML tree takes on unclosed and deeply nested markup:
`python bench/unclosed_markup.py [SIZE]` (SIZE characters per case, default 200000). Prints
one line per case: its length and the seconds parse_html took. Linear cases take well under a
second at a megabyte; html.parser alone took 5.9 s on 40 KB of `<a` (quadratic) before the
unclosable brackets were escaped (imports/htmltree.py, literal_brackets)."""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imports.htmltree import parse_html

CASES = {
    "<a without >": "<a",
    "<!-- without -->": "<!--",
    "<!-- x > without -->": "<!-- x >",
    "<![ marked sections": "<![",
    "</ without >": "</",
    "<? without >": "<?",
    "nested <section>": "<section>",
    "a<b text": "<a>x<b",
    "<!-- in attribute values": '<p title="<!--">',
    "comments ended by --!>": "x --!> <!--",
}


def main(size):
    for name, unit in CASES.items():
        text = unit * (size // len(unit))
        started = time.perf_counter()
        parse_html(text)
        print(f"{name:24} {len(text):>9} chars {time.perf_counter() - started:6.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
