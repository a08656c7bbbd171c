from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from . import chart
from .counting import daily_series, first_day
from .ranking import popular_articles

CHART_DAYS = 30
CHART_ARTICLES = 5


class PopularArticlesPanel(Component):
    """「人気記事」 on the admin dashboard: views per day of the most read articles."""

    name = "popular_articles"
    order = 200
    template_name = "popularity/panel.html"
    heading = _("Popular articles")

    def get_context_data(self, parent_context):
        ranked = popular_articles(CHART_DAYS, CHART_ARTICLES)
        series = daily_series([article.pk for article, _ in ranked], CHART_DAYS)
        lines, top = chart.chart_lines(
            [(article.title, series[article.pk]) for article, _ in ranked]
        )
        start = first_day(CHART_DAYS)
        return {
            "panel": self,
            "rows": [
                (line, article, views)
                for line, (article, views) in zip(lines, ranked, strict=True)
            ],
            "top": top,
            "chart": chart,
            "first_day": start,
            "last_day": timezone.localdate(),
            "days": CHART_DAYS,
        }
