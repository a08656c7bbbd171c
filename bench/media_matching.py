"""How well and how fast WordPress media addresses find their files (issue #16, part B).

    .venv/bin/python bench/media_matching.py [--months 24] [--per-month 40]

Lays out a made-up uploads folder in a temporary directory, as WordPress keeps it (per month:
originals, their resized copies, some `-scaled` big images and `-e…` edits), then looks up
every address a post may use for each upload: the old domain, files.wordpress.com with
`?w=640`, Jetpack's i0.wp.com, a CDN without the uploads path, resized and scaled names.
Prints how many addresses led to the right file (the original, or the edit), the time per
lookup and the time to index the folder by name, then the captions a gallery keeps, for
each gallery markup WordPress has written (16 pictures each), through the real converter.
No database: the converter's resolver here is the uploads folder itself.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ADDRESS_FORMS = {
    "old domain, original": "https://old.example.jp/wp-content/uploads/{ym}/{stem}.jpg",
    "old domain, resized": "https://old.example.jp/wp-content/uploads/{ym}/{stem}-300x200.jpg",
    "files.wordpress.com ?w=": "https://blog.files.wordpress.com/{ym}/{stem}.jpg?w=640",
    "i0.wp.com, resized": "https://i0.wp.com/old.example.jp/wp-content/uploads/{ym}/"
    "{stem}-1024x683.jpg?ssl=1",
    "CDN without uploads/": "https://cdn.example.net/{ym}/{stem}-768x512.jpg",
    "scaled copy's name": "https://old.example.jp/wp-content/uploads/{ym}/{stem}-scaled.jpg",
}


def lay_out(root, months, per_month):
    """{(year/month, stem): the file that should be found}."""
    expected = {}
    for month in range(months):
        ym = f"{2015 + month // 12}/{month % 12 + 1:02d}"
        folder = root / ym
        folder.mkdir(parents=True)
        for number in range(per_month):
            stem = f"photo{number}"
            for name in (f"{stem}.jpg", f"{stem}-300x200.jpg", f"{stem}-1024x683.jpg"):
                (folder / name).write_bytes(b"x")
            best = f"{stem}.jpg"
            if number % 5 == 0:  # a big image: WordPress kept a scaled copy
                (folder / f"{stem}-scaled.jpg").write_bytes(b"x")
            if number % 7 == 0:  # edited in the media library: the edit is what was shown
                best = f"{stem}-e1565432123.jpg"
                (folder / best).write_bytes(b"x")
            expected[(ym, stem)] = str(Path(ym) / best)
    return expected


def matching(root, expected):
    from imports.uploads import UploadsFolder

    started = time.perf_counter()
    UploadsFolder(root).find(["https://x.example/not-in-a-month.jpg"])  # builds the name index
    index_ms = (time.perf_counter() - started) * 1000
    uploads = UploadsFolder(root)
    print("| address form | found the right file | µs per lookup (median) |")
    print("| --- | ---: | ---: |")
    for form, template in ADDRESS_FORMS.items():
        right, times = 0, []
        for (ym, stem), best in expected.items():
            edited = best.endswith("e1565432123.jpg")
            url = template.format(ym=ym, stem=f"{stem}-e1565432123" if edited else stem)
            started = time.perf_counter()
            found = uploads.find([url])
            times.append((time.perf_counter() - started) * 1e6)
            right += bool(found) and str(found[0].relative_to(uploads.root)) == best
        share, median = right / len(expected), statistics.median(times)
        print(f"| {form} | {right}/{len(expected)} ({share:.1%}) | {median:.0f} |")
    print(f"\nIndexing {len(expected) * 3:,}+ files by name (once per import): {index_ms:.0f} ms")


GALLERIES = {
    "WordPress 5.0–5.2 (<ul class=wp-block-gallery>)": (
        '<ul class="wp-block-gallery columns-3">{items}</ul>',
        '<li class="blocks-gallery-item"><figure><img src="{src}" alt="a" class="wp-image-{n}">'
        "<figcaption>{caption}</figcaption></figure></li>",
    ),
    "WordPress 5.3–5.8 (figure > ul.blocks-gallery-grid)": (
        '<figure class="wp-block-gallery"><ul class="blocks-gallery-grid">{items}</ul></figure>',
        '<li class="blocks-gallery-item"><figure><a href="{src}"><img src="{src}" alt="a"></a>'
        '<figcaption class="blocks-gallery-item__caption">{caption}</figcaption></figure></li>',
    ),
    "WordPress 5.9+ (nested image blocks)": (
        '<figure class="wp-block-gallery has-nested-images">{items}</figure>',
        '<!-- wp:image {{"id":{n}}} --><figure class="wp-block-image"><img src="{src}" alt="a" '
        'class="wp-image-{n}"><figcaption class="wp-element-caption">{caption}</figcaption>'
        "</figure><!-- /wp:image -->",
    ),
}


def captions(root):
    from imports.gutenberg import WordPressContent
    from imports.report import Report
    from imports.uploads import UploadsFolder

    uploads = UploadsFolder(root)

    def resolve(ref):
        found = uploads.find([ref.src])
        return found[0] if found else None

    print("\n| gallery markup | captions kept |")
    print("| --- | ---: |")
    for name, (outer, item) in GALLERIES.items():
        src = "https://blog.files.wordpress.com/2015/01/photo{n}-300x200.jpg?w=300"
        items = "".join(
            item.format(n=n, src=src.format(n=n), caption=f"写真{n}の説明") for n in range(16)
        )
        content = f"<!-- wp:gallery -->{outer.format(items=items)}<!-- /wp:gallery -->"
        blocks = WordPressContent(Report(), resolve, {}).convert(content)
        kept = sum(
            1 for kind, value in blocks if kind == "gallery" for image in value["images"]
            if image["caption"]
        )  # fmt: skip
        print(f"| {name} | {kept}/16 |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--per-month", type=int, default=40)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogsite.settings.test")
    import django

    django.setup()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "uploads"
        expected = lay_out(root, arguments.months, arguments.per_month)
        matching(root, expected)
        captions(root)


if __name__ == "__main__":
    main()
