"""人気記事 (issue #17): the view beacon, its counts, the widget and the dashboard chart."""

import datetime
import re

from django.core.cache import cache
from django.utils import timezone

import pytest
import support_pages as pages

from popularity.counting import count_view, daily_series, most_viewed
from popularity.models import DailyViews

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def beacon(client, page_id, address="127.0.0.1", agent=BROWSER, **headers):
    return client.post(
        "/views/view/", {"page": page_id}, REMOTE_ADDR=address, HTTP_USER_AGENT=agent, **headers
    )


def views_of(page):
    return sum(DailyViews.objects.filter(page_id=page.pk).values_list("views", flat=True))


def test_a_beacon_counts_one_view_and_stores_nothing_about_the_reader(client):
    article = pages.article("読まれる記事")
    response = beacon(client, article.pk)
    assert response.status_code == 204
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    row = DailyViews.objects.get()
    assert (row.page_id, row.day, row.views) == (article.pk, timezone.localdate(), 1)
    stored = [field.name for field in DailyViews._meta.get_fields()]
    assert sorted(stored) == ["day", "id", "page", "views"]


def test_reloads_count_once_but_other_readers_count(client):
    article = pages.article()
    for _ in range(3):
        beacon(client, article.pk)
    beacon(client, article.pk, address="127.0.0.2")
    assert views_of(article) == 2


def test_one_client_cannot_inflate_the_counts(client, settings):
    settings.POPULARITY_CLIENT_LIMIT = 3
    articles = [pages.article(f"記事{number}") for number in range(5)]
    for article in articles:
        beacon(client, article.pk)
    assert sum(views_of(article) for article in articles) == 3


@pytest.mark.parametrize(
    "agent", ["", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "python-httpx"]
)
def test_bots_are_not_counted(client, agent):
    article = pages.article()
    assert beacon(client, article.pk, agent=agent).status_code == 204
    assert views_of(article) == 0


def test_another_sites_pages_cannot_send_views(client):
    article = pages.article()
    beacon(client, article.pk, HTTP_ORIGIN="https://elsewhere.example")
    assert views_of(article) == 0
    beacon(client, article.pk, HTTP_ORIGIN="http://testserver")
    assert views_of(article) == 1


@pytest.mark.parametrize("value", ["", "abc", "-1", "1.5", "１２", "9" * 40, "1 OR 1=1", "\x00"])
def test_garbage_is_a_400_never_a_500(client, value):
    assert beacon(client, value).status_code == 400
    assert not DailyViews.objects.exists()


def test_unknown_draft_and_get_requests_count_nothing(client):
    draft = pages.article(publish=False)
    assert beacon(client, 999_999).status_code == 204
    assert beacon(client, draft.pk).status_code == 204
    assert client.get("/views/view/").status_code == 405
    assert not DailyViews.objects.exists()


def test_count_view_adds_to_the_days_row():
    article = pages.article()
    today = timezone.localdate()
    for _ in range(3):
        count_view(article.pk, today)
    count_view(article.pk, today - datetime.timedelta(days=1))
    assert DailyViews.objects.get(page_id=article.pk, day=today).views == 3
    assert daily_series([article.pk], 3, today) == {article.pk: [0, 1, 3]}


def test_ranking_counts_only_the_period():
    old_favourite, recent = pages.article("昔の人気記事"), pages.article("最近の記事")
    today = timezone.localdate()
    for _ in range(10):
        count_view(old_favourite.pk, today - datetime.timedelta(days=20))
    count_view(recent.pk, today)
    assert most_viewed(7, 5, today) == [(recent.pk, 1)]
    assert most_viewed(30, 5, today) == [(old_favourite.pk, 10), (recent.pk, 1)]


def test_article_page_shows_the_widget_with_both_periods(client):
    shown, favourite = pages.article("いま読んでいる記事"), pages.article("よく読まれる記事")
    today = timezone.localdate()
    for _ in range(4):
        count_view(favourite.pk, today)
    count_view(favourite.pk, today - datetime.timedelta(days=10))
    html = client.get(shown.url).content.decode()
    widget = html[html.index('<section class="popular"') :]
    assert "人気記事" in widget and "過去7日間" in widget and "過去30日間" in widget
    assert widget.count(f'href="{favourite.url}"') == 2
    beacon_tag = rf'<script src="/static/popularity/js/beacon.js" data-page="{shown.pk}"\s'
    assert re.search(beacon_tag, html)


def test_dashboard_draws_views_per_day_as_svg(admin_client):
    article = pages.article("グラフの記事")
    today = timezone.localdate()
    count_view(article.pk, today)
    count_view(article.pk, today)
    count_view(article.pk, today - datetime.timedelta(days=29))
    html = admin_client.get("/admin/").content.decode()
    panel = html[html.index('id="popular_articles') :]
    assert "<svg" in panel and "グラフの記事" in panel
    points = re.search(r'<polyline class="popularity-chart__line" points="([^"]+)"', panel)[1]
    coordinates = [tuple(map(float, point.split(","))) for point in points.split()]
    assert len(coordinates) == 30
    # The first and last days had views (1 and 2 of a scale topped at 2); the others none.
    assert coordinates[0][1] > coordinates[-1][1]
    assert coordinates[1][1] == coordinates[15][1] > coordinates[0][1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_views_from_several_workers_are_all_counted():
    """Eight threads (each with its own database connection, like gunicorn workers) count
    the first views of a day at once: the insert race and the F() update lose nothing."""
    import threading

    from django.db import connection

    article = pages.article("同時に読まれる記事")
    start = threading.Barrier(8)

    def worker():
        try:
            start.wait()
            for _ in range(25):
                count_view(article.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert DailyViews.objects.get(page_id=article.pk).views == 200
