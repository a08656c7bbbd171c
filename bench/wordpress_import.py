"""Speed and memory of `manage.py import_wordpress` on a generated export:
`python bench/wordpress_import.py` (BENCH_POSTS=1000, BENCH_COMMENTS=5000 by default; the
issue's bound is 120 s of CPU and 300 MB of peak memory for that size).

The export is written here from generated Japanese text (headings, paragraphs, lists, quotes,
code; threads of replies up to eight deep, a few sticky, protected and empty posts, pages with
children, nested categories). The import runs into a fresh database: a throwaway SQLite file
unless DATABASE_URL names one (then it must be empty: migrations are run into it).
Prints CPU seconds, wall seconds, peak RSS and the report's counts; exits non-zero when a
count differs from what the file holds or a bound is exceeded. BENCH_PROFILE=1 adds the
twenty costliest functions (cProfile)."""

import io
import logging
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
WORK = Path(tempfile.mkdtemp(prefix="wxr-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogsite.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(WORK / "media"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

POSTS = int(os.environ.get("BENCH_POSTS", "1000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "5000"))
PAGES = int(os.environ.get("BENCH_PAGES", "12"))
CPU_BOUND_S, RSS_BOUND_MB = 120.0, 300.0
WORDS_TEXT = (
    "言葉 文章 段落 読者 記事 時間 季節 旅 珈琲 机 窓 朝 夜 雨 本 手紙 道 駅 町 山 川 海 考え 記録 "
    "習慣 仕組み 工夫 速さ 重さ 長さ 静けさ 明るさ"
)
WORDS = WORDS_TEXT.split()
VERBS = ["を書きました", "について考えます", "が好きです", "を見直しました", "を試しました"]
HOST = "https://bench.example.jp"


def sentence(rng):
    return "".join(rng.sample(WORDS, 3)) + rng.choice(VERBS) + "。"


def paragraph(rng, sentences=4):
    return "".join(sentence(rng) for _ in range(sentences))


def body(rng):
    """A block-editor post of a dozen blocks."""
    blocks = []
    for section in range(3):
        blocks.append(
            f"<!-- wp:heading -->\n<h2>{section + 1}. {sentence(rng)}</h2>\n<!-- /wp:heading -->"
        )
        for _ in range(2):
            blocks.append(f"<!-- wp:paragraph -->\n<p>{paragraph(rng)}</p>\n<!-- /wp:paragraph -->")
    items = "".join(f"<li>{sentence(rng)}</li>" for _ in range(4))
    blocks.append(f"<!-- wp:list -->\n<ul>{items}</ul>\n<!-- /wp:list -->")
    blocks.append(
        f'<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>{sentence(rng)}</p>'
        "<cite>ある人</cite></blockquote>\n<!-- /wp:quote -->"
    )
    blocks.append(
        '<!-- wp:code -->\n<pre class="wp-block-code"><code>for line in lines:\n'
        "    print(line)</code></pre>\n<!-- /wp:code -->"
    )
    return "\n\n".join(blocks)


def comment_xml(number, parent, rng, date):
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[読者{rng.randint(1, 300)}]]></wp:comment_author>"
        f"<wp:comment_author_email>r{number}@example.jp</wp:comment_author_email>"
        f"<wp:comment_author_IP>192.0.2.{number % 250}</wp:comment_author_IP>"
        f"<wp:comment_date_gmt>{date}</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{paragraph(rng, 2)}]]></wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def comments_for(post_number, count, rng, next_id):
    """`count` comments: a third start a thread, the others answer an earlier one (at most
    eight levels deep)."""
    made, depth, parts = [], {}, []
    for position in range(count):
        number = next_id + position
        answerable = [c for c in made[-6:] if depth[c] < 7]
        parent = rng.choice(answerable) if answerable and rng.random() > 0.33 else 0
        depth[number] = depth[parent] + 1 if parent else 0
        minute = position % 60
        date = f"2022-{post_number % 12 + 1:02d}-15 {10 + position // 60 % 12:02d}:{minute:02d}:00"
        parts.append(comment_xml(number, parent, rng, date))
        made.append(number)
    return "".join(parts)


def item_xml(number, rng, comments, *, post_type="post", parent=0):
    month, day = number % 12 + 1, number % 28 + 1
    slug = f"{post_type}-{number}"
    status, password, sticky = "publish", "", "0"
    content = body(rng)
    if post_type == "post" and number % 97 == 0:
        content = ""  # an empty post: a draft with a note
    if post_type == "post" and number % 89 == 0:
        password = f"pass{number}"
    if post_type == "post" and number % 250 == 1:
        sticky = "1"
    category = f"cat-{number % 5}" if number % 3 else f"sub-{number % 4}"
    link = (
        f"{HOST}/2022/{month:02d}/{day:02d}/{slug}/" if post_type == "post" else f"{HOST}/{slug}/"
    )
    return (
        f"<item><title>{escape(sentence(rng))}</title><link>{link}</link>"
        f"<dc:creator>author{number % 3}</dc:creator>"
        f'<guid isPermaLink="false">{HOST}/?p={number}</guid>'
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{number}</wp:post_id>"
        f"<wp:post_date>2022-{month:02d}-{day:02d} 09:00:00</wp:post_date>"
        f"<wp:post_date_gmt>2022-{month:02d}-{day:02d} 00:00:00</wp:post_date_gmt>"
        f"<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>"
        f"<wp:post_parent>{parent}</wp:post_parent><wp:post_type>{post_type}</wp:post_type>"
        f"<wp:post_password>{password}</wp:post_password><wp:is_sticky>{sticky}</wp:is_sticky>"
        f'<category domain="category" nicename="{category}"><![CDATA[{category}]]></category>'
        f'<category domain="post_tag" nicename="tag-{number % 40}"><![CDATA[タグ{number % 40}]]>'
        f"</category>{comments}</item>\n"
    )


def generate(path, posts, comments, pages):
    rng = random.Random(16)
    per_post = [comments // posts + (1 if n < comments % posts else 0) for n in range(posts)]
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><title>ベンチ用ブログ</title><link>{HOST}</link>"
        f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>{HOST}</wp:base_blog_url>\n"
    )
    authors = "".join(
        f"<wp:author><wp:author_login>author{n}</wp:author_login>"
        f"<wp:author_first_name>太郎{n}</wp:author_first_name>"
        f"<wp:author_last_name>著者</wp:author_last_name></wp:author>"
        for n in range(3)
    )
    categories = "".join(
        f"<wp:category><wp:category_nicename>cat-{n}</wp:category_nicename>"
        f"<wp:category_parent></wp:category_parent><wp:cat_name>cat-{n}</wp:cat_name></wp:category>"
        for n in range(5)
    ) + "".join(
        f"<wp:category><wp:category_nicename>sub-{n}</wp:category_nicename>"
        f"<wp:category_parent>cat-{n}</wp:category_parent><wp:cat_name>sub-{n}</wp:cat_name>"
        "</wp:category>"
        for n in range(4)
    )
    with open(path, "w", encoding="utf-8") as out:
        out.write(head + authors + categories)
        next_id = 1
        for number in range(1, posts + 1):
            thread = comments_for(number, per_post[number - 1], rng, next_id)
            next_id += per_post[number - 1]
            out.write(item_xml(number, rng, thread))
        for number in range(posts + 1, posts + pages + 1):
            parent = posts + 1 if number > posts + 1 and number % 2 else 0
            out.write(item_xml(number, rng, "", post_type="page", parent=parent))
        out.write("</channel></rss>\n")


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    from articles.models import ArticleIndexPage
    from home.models import HomePage

    export = WORK / "export.xml"
    generate(export, POSTS, COMMENTS, PAGES)
    call_command("migrate", verbosity=0)
    index = ArticleIndexPage(title="記事一覧", slug="articles")
    HomePage.site_root().add_child(instance=index)
    index.save_revision().publish()
    out = io.StringIO()
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    profile = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    logging.disable(logging.INFO)  # Wagtail logs every page created and published
    cpu, wall = cpu_seconds(), time.perf_counter()
    with translation.override("en"):
        call_command("import_wordpress", str(export), stdout=out, stderr=io.StringIO())
    cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    if profile:
        import pstats

        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = out.getvalue()
    print(report)
    database = os.environ["DATABASE_URL"].split(":")[0]
    size_mb = export.stat().st_size / 1e6
    print(
        f"export: {POSTS} posts, {PAGES} pages, {COMMENTS} comments, {size_mb:.1f} MB; {database}"
    )
    print(
        f"cpu_seconds={cpu:.1f} wall_seconds={wall:.1f} peak_rss_mb={peak_mb:.0f} "
        f"(peak before the import, after setup and migrations: {before_mb:.0f})"
    )
    expected = {
        "Posts on this site": POSTS,
        "Fixed pages on this site": PAGES,
        "Comments imported": COMMENTS,
    }
    wrong = [
        f"{label}: expected {value}"
        for label, value in expected.items()
        if f"{label}: {value}\n" not in report
    ]
    if POSTS >= 1000 and COMMENTS >= 5000 and (cpu > CPU_BOUND_S or peak_mb > RSS_BOUND_MB):
        wrong.append(f"over the bounds ({CPU_BOUND_S:.0f} s CPU, {RSS_BOUND_MB:.0f} MB)")
    for line in wrong:
        print("FAIL", line)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
