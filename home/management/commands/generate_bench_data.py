"""Benchmark data: N published articles of Japanese text with every block type, tags, authors,
images and M threaded comments, written with bulk inserts (bench/README.md, docs/performance.md).

Everything is derived from --seed and each article's number, so a run repeats exactly and
`--articles 10000` after `--articles 100` adds articles 100 to 9999 and leaves the first ones
as they were. Article 0 (`bench-long-read`) is the benchmark's article: about 12,000
characters, every block type, exactly 100 published comments in threads three levels deep.

Not for a site with real content: no revisions are written (nobody edits these pages) and the
pages are inserted without Wagtail's save(), so no signal fires (search indexing is done here).
"""

import contextlib
import functools
import io
import multiprocessing
import os
import random
import re
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import connections, transaction
from django.utils import timezone

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from django_comments.models import Comment
from django_comments_xtd.models import XtdComment
from PIL import Image as PILImage
from PIL import ImageDraw
from taggit.models import Tag

from articles.models import ArticleIndexPage, ArticlePage, ArticlePageTag, Author
from caching import scopes
from comments.presence import recount
from home import demo_content
from home.bulk import insert_own_rows, tree_path
from home.management.commands.load_demo import INDEX_SLUG, INDEX_TITLE
from home.models import HomePage
from search import fields as search_fields
from search.build import bulk_index_build
from search.models import Term
from search.vocabulary import terms_of

SLUG_PREFIX = "bench-"
TARGET_SLUG = "bench-long-read"
TARGET_COMMENTS = 100
TARGET_CHARS = 12_000
BATCH = 500
NEWEST = timezone.make_aware(datetime(2026, 1, 1, 9, 0))
SPACING = timedelta(hours=6)  # article i was published i × 6 hours before NEWEST
FIRST_STEP = 36**3  # treebeard step (4 base-36 digits) of article 0 under the index

AUTHORS = [
    ("bench-sato", "佐藤 美咲"), ("bench-suzuki", "鈴木 大輔"), ("bench-takahashi", "高橋 彩"),
    ("bench-tanaka", "田中 翔太"), ("bench-ito", "伊藤 陽菜"), ("bench-watanabe", "渡辺 拓海"),
    ("bench-yamamoto", "山本 結衣"), ("bench-nakamura", "中村 健"), ("bench-kobayashi", "小林 葵"),
    ("bench-kato", "加藤 蓮"), ("bench-yoshida", "吉田 さくら"), ("bench-yamada", "山田 悠斗"),
]  # fmt: skip
TAGS = [
    "Python", "Django", "Wagtail", "PostgreSQL", "検索", "執筆", "ブログ運営", "フリーランス",
    "見積もり", "仕事術", "リモートワーク", "時間管理", "技術ブログ", "翻訳", "日本語",
    "形態素解析", "全文検索", "キャッシュ", "性能", "テスト", "設計", "インフラ", "運用",
    "セキュリティ", "読書", "道具", "習慣", "勉強会", "JavaScript", "CSS", "アクセシビリティ",
    "画像", "Markdown", "移行", "WordPress", "自動化", "バックアップ", "監視", "デプロイ", "契約",
    "確定申告", "健康", "学び", "英語", "ドキュメント", "レビュー", "編集", "写真", "旅",
]  # fmt: skip
COMMENTERS = ["匿名希望", "けい", "Yuki", "たなか", "もも", "Ken", "さとみ", "ぽん太", "Aiko",
              "はる", "みなみ", "Taro", "こうじ", "りん", "ひろし", "まき"]  # fmt: skip
# Topics: each article has three, woven into its text, so that a word readers search for is
# in a few percent of the articles, as on a real blog (the demo sentences alone are in all).
TOPICS = [
    "分散トレーシング", "負荷分散", "逆プロキシ", "接続プール", "構造化ログ", "依存性注入",
    "型ヒント", "非同期処理", "冪等性", "署名付きURL", "差分バックアップ", "読み取りレプリカ",
    "指数バックオフ", "楽観的ロック", "遅延読み込み", "画像最適化", "静的解析", "回帰テスト",
    "結合テスト", "機能フラグ", "カナリアリリース", "構成管理", "秘密情報の管理", "監査ログ",
    "多要素認証", "単一障害点", "可観測性", "障害訓練", "事後検証", "技術的負債", "設計レビュー",
    "ペアプログラミング", "工数管理", "請求書", "源泉徴収", "青色申告", "秘密保持契約",
    "在宅勤務", "読書メモ", "文章校正", "表記ゆれ", "用字用語", "脚注", "ルビ", "縦書き",
    "音声入力", "キーボード配列", "バージョン管理", "コードレビュー", "継続的インテグレーション",
    "コンテナ", "仮想マシン", "証明書の更新", "DNS", "メール配信", "スパム対策", "アクセス解析",
    "サイトマップ", "構造化データ", "表示速度", "フォント", "配色", "アイコン",
    "スクリーンリーダー", "キーボード操作", "多言語対応", "翻訳メモリ", "用語集", "勉強会の運営",
    "登壇資料", "ポッドキャスト", "動画編集", "写真の現像", "クラウド請求", "予算管理",
    "確定拠出年金", "ふるさと納税", "健康診断", "睡眠", "散歩",
]  # fmt: skip
TOPIC_SENTENCES = [
    "{t}についても、同じ考え方で整理できます。",
    "ここで{t}を見直したことが、後になって効いてきました。",
    "{t}は最初こそ手間がかかりますが、慣れると手放せません。",
    "実際の案件では、{t}の扱いで何度か迷いました。",
    "{t}を試すなら、小さなところから始めるのがおすすめです。",
    "この段階で{t}の効果を確かめておくと安心です。",
]
EMBED_URLS = [f"https://www.youtube.com/watch?v=bench{number:04d}" for number in range(4)]
IMAGE_COLOURS = ["#2F6F8F", "#C8743A", "#4E7D4A", "#7A4E8F", "#8F3A4E", "#3A5A8F"]


class Command(BaseCommand):
    help = "Create benchmark articles and comments in bulk (seeded; safe to run again to add more)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="articles wanted in all")
        parser.add_argument(
            "--comments", type=int, default=None, help="comments wanted in all (default 10 × N)"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--jobs", type=int, default=min(2, os.cpu_count() or 1), help="processes to use"
        )

    def handle(self, *args, articles, comments, seed, jobs, **options):
        started = time.perf_counter()
        comments = 10 * articles if comments is None else comments
        settings_ = {"seed": seed, "comments_per_article": comments / max(articles, 1)}
        with transaction.atomic():
            generator = Generator(**settings_)
            generator.prepare()
            missing = generator.missing(articles)
        chunks = [missing[start : start + BATCH] for start in range(0, len(missing), BATCH)]
        with bulk_index_build():
            made_articles, made_comments = self.insert_chunks(settings_, chunks, jobs, missing)
        generator.finish()
        seconds = time.perf_counter() - started
        total = ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Bench data: {made_articles} article(s) and {made_comments} comment(s) added in "
                f"{seconds:.1f} s; now {total} bench articles, {XtdComment.objects.count()} "
                f"comments, {Term.objects.count()} words in the search vocabulary."
            )
        )

    def insert_chunks(self, settings_, chunks, jobs, missing):
        made_articles = made_comments = 0
        if jobs > 1 and len(chunks) > 1:
            connections.close_all()  # each process opens its own connection
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(jobs, mp_context=context) as pool:
                results = pool.map(_insert_chunk, [settings_] * len(chunks), chunks)
                for done, (made_a, made_c) in enumerate(results, 1):
                    made_articles, made_comments = made_articles + made_a, made_comments + made_c
                    self.stdout.write(f"  {done * BATCH} / {len(missing)} new articles")
        else:
            for chunk in chunks:
                made_a, made_c = _insert_chunk(settings_, chunk)
                made_articles, made_comments = made_articles + made_a, made_comments + made_c
        return made_articles, made_comments


@contextlib.contextmanager
def memoized_search_text():
    """Indexing asks for an article's body text and its index text about ten times (search and
    autocomplete fields, plain text for fuzzy matching), and the vocabulary analyses the same
    texts: remember them while a batch is indexed, so each text is analysed once."""
    texts = {}

    def stream_text(value):
        if id(value) not in texts:
            texts[id(value)] = (value, original_stream_text(value))  # keeps `value` alive
        return texts[id(value)][1]

    original_stream_text, original_index_text = search_fields.stream_text, search_fields.index_text
    search_fields.stream_text = stream_text
    search_fields.index_text = functools.cache(original_index_text)  # one batch's texts
    try:
        yield
    finally:
        search_fields.stream_text, search_fields.index_text = (
            original_stream_text,
            original_index_text,
        )


def vocabulary_terms(article):
    """The search vocabulary's words of one article (search/vocabulary.py), analysed while the
    analysis of its texts is still at hand: the fields' index text first, then the nouns."""
    terms = []
    for text in search_fields.plain_texts(article):
        search_fields.index_text(text)
        terms += terms_of(text)
    return terms


def add_comments(article, count, seed=1):
    """`count` published comments in threads on `article`, inserted in bulk (tests use it)."""
    generator = Generator(seed, comments_per_article=0)
    generator.page_type = ContentType.objects.get_for_model(ArticlePage)
    return generator.insert_comments([(0, article)], count=count)


def _insert_chunk(settings_, numbers):
    """One transaction: the articles with these numbers, their tags, comments, search entries."""
    with transaction.atomic():
        generator = Generator(**settings_)
        generator.prepare()
        return generator.insert(numbers)


class Corpus:
    """Japanese text to compose articles from: the demo articles' sentences and blocks."""

    def __init__(self):
        japanese = [spec for spec in demo_content.ARTICLES if spec.get("language") == "ja"]
        blocks = [block for spec in japanese for block in spec["body"]]
        self.by_type = {}
        for kind, value in blocks:
            self.by_type.setdefault(kind, []).append(value)
        paragraph_text = " ".join(
            re.sub(r"<[^>]+>", "", value) for value in self.by_type["paragraph"]
        )
        self.sentences = [s for s in re.split(r"(?<=[。！？])", paragraph_text) if len(s) > 8]
        self.titles = [spec["title"] for spec in japanese]
        self.leads = [spec["lead"] for spec in japanese]

    def paragraph(self, rng, topics=()):
        sentences = rng.sample(self.sentences, rng.randint(3, 6))
        if topics and rng.random() < 0.5:
            topic = rng.choice(topics)
            sentences.insert(
                rng.randint(0, len(sentences)), rng.choice(TOPIC_SENTENCES).format(t=topic)
            )
        if rng.random() < 0.3:
            sentences[0] = f"<b>{sentences[0]}</b>"
        if rng.random() < 0.15:
            sentences[-1] += ' 詳しくは<a href="https://docs.wagtail.org/">公式ドキュメント</a>へ。'
        return "<p>" + "".join(sentences) + "</p>"

    def heading(self, rng):
        return rng.choice(self.sentences).strip("。！？ ")[:40]


def block(kind, value, rng):
    return {"type": kind, "value": value, "id": str(uuid.UUID(int=rng.getrandbits(128)))}


class Generator:
    def __init__(self, seed, comments_per_article):
        self.seed = seed
        self.comments_per_article = comments_per_article
        self.corpus = Corpus()

    def rng(self, *parts):
        return random.Random("-".join(str(part) for part in (self.seed, *parts)))

    # ------------------------------------------------------------------ supporting objects

    def prepare(self):
        home = HomePage.site_root()
        self.index = ArticleIndexPage.objects.filter(slug=INDEX_SLUG).first()
        if self.index is None:
            self.index = home.add_child(
                instance=ArticleIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, show_in_menus=True)
            )
            self.index.save_revision().publish()
        self.authors = [
            Author.objects.get_or_create(
                slug=slug, defaults={"name": name, "bio": "ベンチマーク用の著者。"}
            )[0]
            for slug, name in AUTHORS
        ]
        self.tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
        self.images = [self.image(number, colour) for number, colour in enumerate(IMAGE_COLOURS)]
        for url in EMBED_URLS:  # no network at render time: the embeds are already known
            Embed.objects.get_or_create(
                hash=get_embed_hash(url),
                defaults={
                    "url": url,
                    "type": "video",
                    "provider_name": "YouTube",
                    "width": 640,
                    "height": 360,
                    "html": f'<iframe width="640" height="360" src="{url}" title="動画" '
                    'loading="lazy" allowfullscreen></iframe>',
                },
            )
        self.page_type = ContentType.objects.get_for_model(ArticlePage)

    def image(self, number, colour):
        title = f"ベンチマーク画像 {number + 1}"
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        picture = PILImage.new("RGB", (1600, 900), colour)
        ImageDraw.Draw(picture).rectangle((80, 80, 1520, 820), outline="white", width=8)
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        return Image.objects.create(title=title, file=ImageFile(buffer, name=f"bench-{number}.png"))

    # ------------------------------------------------------------------ articles

    def body(self, rng, target_chars, every_type, topics):
        extras = ["bullet_list", "quote", "markdown", "callout", "image", "embed"]
        pending = list(extras) if every_type else []
        body, chars = [], 0
        while chars < target_chars:
            level = "h2" if not body or rng.random() < 0.6 else "h3"
            body.append(block("heading", {"text": self.corpus.heading(rng), "level": level}, rng))
            for _ in range(rng.randint(2, 4)):
                text = self.corpus.paragraph(rng, topics)
                chars += len(text)
                body.append(block("paragraph", text, rng))
            kind = (
                pending.pop(0) if pending else (rng.choice(extras) if rng.random() < 0.6 else None)
            )
            if kind:
                body.append(block(kind, self.extra_block(kind, rng), rng))
        if rng.random() < 0.3:
            body.append(block("heading", {"text": "まとめ", "level": "h4"}, rng))
        return body

    def extra_block(self, kind, rng):
        if kind == "image":
            image = rng.choice(self.images)
            return {
                "image": image.pk,
                "alt": f"{image.title}の図",
                "caption": self.corpus.heading(rng),
            }
        if kind == "embed":
            return {"url": rng.choice(EMBED_URLS), "caption": self.corpus.heading(rng)}
        return rng.choice(self.corpus.by_type[kind])

    def article_rows(self, number):
        rng = self.rng("article", number)
        target = number == 0
        title = TARGET_TITLE if target else f"{rng.choice(self.corpus.titles)[:60]}（その{number}）"
        slug = TARGET_SLUG if target else f"{SLUG_PREFIX}{number:05d}"
        # Article 0 sits between articles 1 and 2, so it has a previous and a next article.
        published = NEWEST - SPACING * (1.5 if target else number)
        page = Page(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=self.page_type,
            # The tree position follows the number, so processes never pick the same one. Pages
            # an editor adds later go after the last of these (treebeard appends after the last
            # child), where a later, larger run would put its next article: bench data only.
            path=tree_path(self.index.path, FIRST_STEP + number),
            depth=self.index.depth + 1,
            numchild=0,
            url_path=f"{self.index.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            locale_id=self.index.locale_id,
            translation_key=uuid.UUID(int=rng.getrandbits(128)),
        )
        hero = rng.choice(self.images) if target or rng.random() < 0.3 else None
        article = ArticlePage(
            lead=rng.choice(self.corpus.leads),
            author=self.authors[number % len(self.authors)],
            hero_image=hero,
            hero_image_alt="記事の内容を表す図" if hero else "",
            body=self.body(
                rng,
                TARGET_CHARS if target else rng.randint(1_500, 8_000),
                every_type=target,
                topics=rng.sample(TOPICS, 3),
            ),
            language="ja",
            comments_open=True,
        )
        # What save() stores: these rows are inserted without it.
        for name, value in ArticlePage.derived_fields(title, article.lead, article.body).items():
            setattr(article, name, value)
        tags = rng.sample(self.tags, rng.randint(2, 5))
        return page, article, tags

    def missing(self, wanted):
        """Numbers of the articles (0 to wanted - 1) not created yet."""
        existing = set(
            ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
        )
        return [number for number in range(wanted) if self.slug(number) not in existing]

    def insert(self, numbers):
        rows = [(number, *self.article_rows(number)) for number in numbers]
        self.insert_articles(rows)
        return len(rows), self.insert_comments(
            [(number, article) for number, _, article, _ in rows]
        )

    def finish(self):
        # Not index.get_children(): treebeard trusts numchild, which the bulk inserts left as is.
        children = Page.objects.filter(path__startswith=self.index.path, depth=self.index.depth + 1)
        Page.objects.filter(pk=self.index.pk).update(numchild=children.count())
        # No signal fired for the inserted rows: what was kept for the listings (their
        # counts, the sidebar) and the stored pages show the articles that were there before.
        scopes.invalidate_everything("bench data")

    @staticmethod
    def slug(number):
        return TARGET_SLUG if number == 0 else f"{SLUG_PREFIX}{number:05d}"

    def insert_articles(self, rows):
        pages = Page.objects.bulk_create([page for _, page, _, _ in rows])
        articles = []
        for page, (_, _, article, _) in zip(pages, rows, strict=True):
            article.page_ptr_id = page.pk
            articles.append(article)
        insert_own_rows(ArticlePage, articles)
        ArticlePageTag.objects.bulk_create(
            ArticlePageTag(content_object_id=page.pk, tag=tag)
            for page, (_, _, _, tags) in zip(pages, rows, strict=True)
            for tag in tags
        )
        indexed = ArticlePage.objects.filter(pk__in=[page.pk for page in pages]).prefetch_related(
            "tags"
        )
        with memoized_search_text():
            # What saving a published page does through signals (search/apps.py), in bulk.
            terms = {
                term.surface: term for article in indexed for term in vocabulary_terms(article)
            }
            Term.objects.bulk_create(terms.values(), ignore_conflicts=True, batch_size=BATCH)
            get_search_backend().add_bulk(ArticlePage, list(indexed))

    # ------------------------------------------------------------------ comments

    def insert_comments(self, articles, count=None):
        comments = [
            comment
            for number, article in articles
            for comment in self.threads(number, article, count)
        ]
        if comments:
            self.insert_comment_rows(comments)
        # Written without signals: the articles' has_comment_rows is counted here.
        recount([article.pk for _, article in articles])
        return len(comments)

    def insert_comment_rows(self, comments):
        Comment.objects.bulk_create(comments)  # the ids come back from the database
        for comment in comments:
            comment.comment_ptr_id = comment.id
            comment.parent_id = comment.parent.id if comment.parent else comment.id
            comment.thread_id = comment.root.id
        insert_own_rows(XtdComment, comments)

    def threads(self, number, article, count=None):
        """The comments of one article as unsaved XtdComments, threads up to the deepest level
        allowed, with xtd's `level`, `order` (position in the thread read depth first) and
        `nested_count`; ids, thread_id and parent_id are set once the database gave the ids."""
        rng = self.rng("comments", number)
        target = number == 0
        if count is None:
            count = (
                TARGET_COMMENTS if target else rng.randint(0, round(2 * self.comments_per_article))
            )
        deepest = BENCH_THREAD_LEVELS - 1
        moment = NEWEST - SPACING * (1.5 if target else number) + timedelta(hours=1)
        made, roots = [], []
        for _ in range(count):
            moment += timedelta(minutes=rng.randint(5, 600))
            replyable = [c for c in made if c.level < deepest and c.is_public]
            parent = rng.choice(replyable) if replyable and rng.random() < 0.55 else None
            roll = 1.0 if target else rng.random()  # the target's comments are all published
            comment = XtdComment(
                content_type=self.page_type,
                object_pk=str(article.page_ptr_id),
                site_id=settings.SITE_ID,
                user_name=rng.choice(COMMENTERS),
                user_email=f"reader{rng.randint(1, 5000)}@example.jp",
                user_url="https://example.jp/" if rng.random() < 0.1 else "",
                comment="".join(rng.sample(self.corpus.sentences, rng.randint(1, 4))),
                submit_date=moment,
                ip_address=f"192.0.2.{rng.randint(1, 254)}",
                is_public=roll >= 0.02,  # 2 % wait for approval, 3 % were hidden
                is_removed=0.97 < roll < 1.0,
                followup=rng.random() < 0.2,
                level=parent.level + 1 if parent else 0,
            )
            comment.parent, comment.replies = parent, []
            comment.root = parent.root if parent else comment
            (parent.replies if parent else roots).append(comment)
            made.append(comment)
        for root in roots:
            position = 0

            def visit(comment):
                nonlocal position
                position += 1
                comment.order = position
                comment.nested_count = sum(1 + visit(reply) for reply in comment.replies)
                return comment.nested_count

            visit(root)
        return made


# Threads three levels deep, the shape every page-speed figure was measured with (the site
# itself now stores threads of any depth and shows as many levels as its comment settings say).
BENCH_THREAD_LEVELS = 3

TARGET_TITLE = "長い記事を速く届ける：一万字の日本語記事と百件のコメントを支える仕組み"
