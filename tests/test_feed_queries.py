"""A full feed reads its items' eyecatch renditions in one query, and each item's picture once
(its <enclosure> and <media:content> name the same file)."""

import io
import xml.etree.ElementTree as ET

from django.core.cache import caches
from django.core.files.images import ImageFile

from wagtail.images.models import Image

import pytest
import support_pages as pages
from PIL import Image as PILImage

from articles.feeds import FEED_LENGTH

pytestmark = pytest.mark.django_db

MEDIA_NS = "{http://search.yahoo.com/mrss/}"
# The site, the articles, their tags, categories and eyecatches' renditions, and what Wagtail
# reads to build the items' addresses: 7 (it was 26 when each item looked its rendition up,
# one query per item on a cold rendition cache).
FEED_QUERY_LIMIT = 8


def eyecatch(number):
    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 210), (number * 10, 80, 120)).save(buffer, format="PNG")
    return Image.objects.create(title=f"画像{number}", file=ImageFile(buffer, name="hero.png"))


@pytest.fixture
def full_feed(offline_imports):
    for number in range(FEED_LENGTH):
        pages.article(f"記事{number}", hero_image=eyecatch(number), tags=["検索"])


def test_a_full_feed_reads_its_pictures_in_one_query(
    client, full_feed, django_assert_max_num_queries
):
    assert client.get("/feed/").status_code == 200  # the renditions are made
    caches["default"].clear()  # Wagtail's rendition cache: each would be a query of its own
    with django_assert_max_num_queries(FEED_QUERY_LIMIT):
        response = client.get("/feed/")
    items = ET.fromstring(response.content).find("channel").findall("item")
    assert len(items) == FEED_LENGTH
    for item in items:
        enclosure, media = item.find("enclosure"), item.find(f"{MEDIA_NS}content")
        assert enclosure.get("url") == media.get("url")
        assert "/images/" in media.get("url") and int(enclosure.get("length")) > 0
