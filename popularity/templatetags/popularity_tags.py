from django import template
from django.core.cache import cache

from ..ranking import popular_articles

register = template.Library()

WIDGET_ARTICLES = 5
PERIODS = (7, 30)
# The ranking is read at most once in this many seconds per process: an article page costs
# no query for it, and the list is never older than that.
WIDGET_SECONDS = 300


def ranking_links(days, limit):
    return [(article.get_url(), article.title) for article, _ in popular_articles(days, limit)]


@register.inclusion_tag("popularity/widget.html")
def popular_articles_widget(limit=WIDGET_ARTICLES):
    """「人気記事」: the most read articles of the last 7 and of the last 30 days."""
    periods = cache.get_or_set(
        f"popularity:widget:{limit}",
        lambda: [(days, ranking_links(days, limit)) for days in PERIODS],
        WIDGET_SECONDS,
    )
    return {"periods": periods}
