"""Generated share images (issue #17): Japanese line breaks, the PNG, its stable absolute URL
in og:image / twitter:image, and a new image when the title changes."""

import io
import re

from django.core.files.storage import default_storage

import pytest
import support_pages as pages
from PIL import Image

from sharing.images import FOLDER
from sharing.render import font, share_image_png
from sharing.typeset import break_lines, phrases

pytestmark = pytest.mark.django_db


def og_image(html):
    return re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)


def test_phrases_keep_words_particles_and_punctuation_together():
    assert phrases("人脈づくりが苦手なエンジニアのための、情報発信") == [
        "人脈づくりが",
        "苦手な",
        "エンジニアの",
        "ための、",
        "情報発信",
    ]
    assert phrases("「十年分」の記録：第2回") == ["「十年分」の", "記録：", "第2回"]


def test_lines_break_between_phrases_within_the_width():
    title_font = font(64)
    title = "人脈づくりが苦手なエンジニアのための、無理をしない情報発信と長く続けるための習慣"
    lines = break_lines(title, 1020, title_font.getlength)
    assert "".join(lines) == title
    assert all(title_font.getlength(line) <= 1020 for line in lines)
    boundaries = set()
    position = 0
    for phrase in phrases(title):
        position += len(phrase)
        boundaries.add(position)
    position = 0
    for line in lines[:-1]:
        position += len(line)
        assert position in boundaries, f"a line ends inside a phrase: {line}"
        assert not line.endswith(("人", "情報"))


def test_a_word_wider_than_a_line_is_cut_and_nothing_is_lost():
    lines = break_lines("あ" * 40, 300, font(48).getlength)
    assert len(lines) > 1 and "".join(lines) == "あ" * 40


def test_the_image_is_a_1200_by_630_png_with_the_title_drawn():
    short = Image.open(io.BytesIO(share_image_png("短い題", "サイト")))
    long = Image.open(io.BytesIO(share_image_png("とても長い題名" * 12, "サイト")))
    assert short.format == "PNG" and short.size == (1200, 630)
    assert long.size == (1200, 630)
    # More title means more ink: the text is really drawn, in a font with Japanese glyphs.
    assert dark_pixels(long) > dark_pixels(short) * 2


def dark_pixels(image):
    return sum(1 for value in image.convert("L").getdata() if value < 100)


def test_article_without_picture_shares_its_generated_image(client):
    article = pages.article("画像のない記事")
    html = client.get(article.url).content.decode()
    url = og_image(html)
    assert url.startswith("http://") and f"/share/{article.pk}/" in url
    assert f'<meta name="twitter:image" content="{url}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    response = client.get(url.split("testserver", 1)[-1] if "testserver" in url else url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"]
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def test_a_new_title_gives_a_new_image_and_the_old_url_follows(client):
    article = pages.article("最初の題")
    first = path_of(og_image(client.get(article.url).content.decode()))
    assert client.get(first).status_code == 200
    article.title = "変えた題"
    article.save_revision().publish()
    second = path_of(og_image(client.get(article.url).content.decode()))
    assert second != first
    assert client.get(first).headers["Location"] == second
    assert client.get(second).status_code == 200
    digest = second.rsplit("/", 1)[-1].removesuffix(".png")
    assert default_storage.exists(f"{FOLDER}/{article.pk}-{digest}.png")


def test_the_home_page_keeps_the_site_image_and_others_fall_back(client):
    html = client.get("/").content.decode()
    assert "/share/" in og_image(html)  # no site image configured: generated for home too


@pytest.mark.parametrize("path", ["/share/999999/abcdef.png", "/share/1/..png", "/share/x/y.png"])
def test_unknown_or_garbage_image_urls_are_404(client, path):
    pages.article()
    assert client.get(path).status_code == 404


def test_draft_pages_have_no_image(client):
    draft = pages.article(publish=False)
    assert client.get(f"/share/{draft.pk}/0123456789abcdef.png").status_code == 404
