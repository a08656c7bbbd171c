"""The most read articles, as pages, for the reader's widget and the admin chart."""

from articles.models import article_links

from .counting import most_viewed


def popular_articles(days, limit):
    """[(article, views)] of live, public articles, most read first."""
    ranked = most_viewed(days, limit * 2)  # room for counted pages that are not articles
    articles = article_links().in_bulk([page_id for page_id, _ in ranked])
    found = [(articles[page_id], views) for page_id, views in ranked if page_id in articles]
    return found[:limit]
