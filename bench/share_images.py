"""How long a generated share image takes (sharing/render.py): the first one in a process
(the 17 MB font and Sudachi's dictionary are loaded then), and the next ones, for short and
long Japanese titles. Prints a Markdown table.

    .venv/bin/python bench/share_images.py [--rounds 20]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TITLES = {
    "short (8 characters)": "書くことの練習",
    "typical (30 characters)": "WordPressからWagtailへ：8年分の技術ブログを引っ越した全記録",
    "long (90 characters)": "人脈づくりが苦手なエンジニアのための、無理をしない情報発信と" * 3,
}


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return (time.perf_counter() - start) * 1000, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    from sharing.render import share_image_png

    first_ms, _ = timed(share_image_png, "最初の一枚", "ことのは技術帖")
    print("| title | median ms | max ms | PNG KB |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| first image in a process (font + dictionary load) | {first_ms:.0f} | | |")
    for name, title in TITLES.items():
        times, size = [], 0
        for _ in range(rounds):
            elapsed, png = timed(share_image_png, title, "ことのは技術帖")
            times.append(elapsed)
            size = len(png)
        print(f"| {name} | {statistics.median(times):.0f} | {max(times):.0f} | {size / 1024:.0f} |")


if __name__ == "__main__":
    main()
