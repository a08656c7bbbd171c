"""The benchmark generator's bulk inserts of multi-table rows (home/bulk.py): the CPU and wall
time of writing the article and comment tables' own rows, the parent rows already in.

    scripts/with-postgres .venv/bin/python bench/bulk_rows.py   (BENCH_ARTICLES=300 default)

Each round inserts in a transaction that is rolled back, so the rounds measure the same rows.
Before home/bulk.py (the private insert of Django's QuerySet, commit 7c8e2af), the same 300
articles and 2,988 comments took 1.36–1.51 s of CPU and 5.4–6.5 s of wall time on the
project machine.
"""

import os
import time

from environment import setup_django

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "300"))
ROUNDS = 3


def main():
    setup_django("blogsite.settings.test")
    from django.core.management import call_command
    from django.db import transaction

    from wagtail.models import Page

    from django_comments.models import Comment
    from django_comments_xtd.models import XtdComment

    from articles.models import ArticlePage
    from home.bulk import insert_own_rows
    from home.management.commands.generate_bench_data import Generator

    call_command("migrate", verbosity=0)
    generator = Generator(seed=1, comments_per_article=10)
    generator.prepare()
    rows = [(number, *generator.article_rows(number)) for number in range(1, ARTICLES + 1)]
    for _ in range(ROUNDS):
        with transaction.atomic():
            pages = Page.objects.bulk_create([page for _, page, _, _ in rows])
            articles = []
            for page, (_, _, article, _) in zip(pages, rows, strict=True):
                article.page_ptr_id = page.pk
                articles.append(article)
            comments = [c for number, article in zip(range(1, ARTICLES + 1), articles, strict=True)
                        for c in generator.threads(number, article)]  # fmt: skip
            Comment.objects.bulk_create(comments)
            for comment in comments:
                comment.comment_ptr_id = comment.id
                comment.parent_id = comment.parent.id if comment.parent else comment.id
                comment.thread_id = comment.root.id
            cpu, wall = time.process_time(), time.perf_counter()
            insert_own_rows(ArticlePage, articles)
            insert_own_rows(XtdComment, comments)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            print(f"articles={len(articles)} comments={len(comments)} "
                  f"cpu_seconds={cpu:.3f} wall_seconds={wall:.3f}")  # fmt: skip
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
