"""The judged query set of `manage.py search_precision`: queries with the articles a person
decided they should find (search/data/judged_queries.json), over the demo articles and four
short articles that write the same words in other ways (search/data/variant_articles.json).
"""

import json
from pathlib import Path

from django.utils import timezone

from articles.models import ArticleIndexPage, ArticlePage
from home.models import HomePage

DATA = Path(__file__).parent / "data"
VARIANT_INDEX_SLUG = "search-variants"


def judged_queries():
    """[(query, {expected slugs}), ...]"""
    rows = json.loads((DATA / "judged_queries.json").read_text(encoding="utf-8"))
    return [(row["query"], set(row["expected"])) for row in rows]


def variant_body(spec):
    body = [("heading", {"text": text, "level": "h2"}) for text in spec["headings"]]
    return body + [("paragraph", f"<p>{text}</p>") for text in spec["paragraphs"]]


def add_variant_articles():
    """Publishes the variant articles under their own index page (callers roll back)."""
    specs = json.loads((DATA / "variant_articles.json").read_text(encoding="utf-8"))
    index = HomePage.objects.first().add_child(
        instance=ArticleIndexPage(title="表記ゆれ", slug=VARIANT_INDEX_SLUG)
    )
    for spec in specs:
        index.add_child(
            instance=ArticlePage(
                title=spec["title"],
                slug=spec["slug"],
                lead=spec["lead"],
                body=variant_body(spec),
                live=True,
                first_published_at=timezone.now(),
            )
        )
    return [spec["slug"] for spec in specs]


def score(rows):
    """(precision, recall, right, found, expected) over [(query, expected, found), ...]."""
    right = sum(len(expected & found) for _, expected, found in rows)
    found_total = sum(len(found) for _, _, found in rows)
    expected_total = sum(len(expected) for _, expected, _ in rows)
    precision = right / found_total if found_total else 1.0
    recall = right / expected_total if expected_total else 1.0
    return precision, recall, right, found_total, expected_total
