"""Counting a view and reading the counts back.

A view is one row update: `views = views + 1` done by the database, so concurrent beacons
from several worker processes never lose a count. The first view of a day inserts the row;
if another process inserted it in between, the unique constraint says so and we update.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import DailyViews


def count_view(page_id, day=None):
    day = day or timezone.localdate()
    rows = DailyViews.objects.filter(page_id=page_id, day=day)
    if rows.update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            DailyViews.objects.create(page_id=page_id, day=day, views=1)
    except IntegrityError:
        rows.update(views=F("views") + 1)


def first_day(days, today=None):
    return (today or timezone.localdate()) - datetime.timedelta(days=days - 1)


def most_viewed(days, limit, today=None):
    """(page_id, views) of the most read pages in the last `days` days, today included."""
    return list(
        DailyViews.objects.filter(day__gte=first_day(days, today))
        .values_list("page_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "page_id")[:limit]
    )


def daily_series(page_ids, days, today=None):
    """{page_id: [views on each day, oldest first]} over the last `days` days."""
    start = first_day(days, today)
    series = {page_id: [0] * days for page_id in page_ids}
    rows = DailyViews.objects.filter(page_id__in=page_ids, day__gte=start)
    for page_id, day, views in rows.values_list("page_id", "day", "views"):
        series[page_id][(day - start).days] = views
    return series
