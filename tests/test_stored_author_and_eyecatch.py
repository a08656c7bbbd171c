"""What an article's page shows of its author and eyecatch, kept on its row
(articles/author_and_eyecatch.py): no author, image or rendition query once stored, and never
stale: a renamed author, a new or removed portrait, a new focal point or file for the
eyecatch, deleted renditions, a deleted image all show at the next view, with no address of
a file that is gone (articles/stale.py)."""

import io
import re
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images.models import Image

import pytest
import support_pages as pages
from PIL import Image as PILImage

from articles.models import ArticlePage

pytestmark = pytest.mark.django_db

READS_AUTHOR_OR_IMAGES = (
    'FROM "articles_author"',
    'FROM "wagtailimages_image"',
    'FROM "wagtailimages_rendition" WHERE "wagtailimages_rendition"."image_id" =',
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture(name, colour="#336699", size=(1600, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return Image.objects.create(title=name, file=ImageFile(buffer, name=name))


def stored(article):
    return ArticlePage.objects.get(pk=article.pk).author_and_eyecatch


def view(client, article):
    """(the page without the comment form, the SQL of its queries)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[: html.index('<section class="comments')], [q["sql"] for q in queries]


def media_files(html, media_root):
    """The media files the page names (images, sources, link previews), as paths."""
    names = re.findall(r"/media/([^\s\"',]+)", html)
    return {Path(media_root, name) for name in names}


def no_missing_file(html, media_root):
    files = media_files(html, media_root)
    return files and all(path.is_file() for path in files)


@pytest.fixture
def illustrated(media):
    """An article with an eyecatch and an author with a portrait."""
    author = pages.author("kato", "加藤 花子")
    author.avatar = picture("portrait.png", "#aa3344", (400, 400))
    author.save()
    page = pages.article("挿絵のある記事", slug="illustrated", author=author)
    page.hero_image = picture("eyecatch.png")
    page.hero_image_alt = "港の夕焼け"
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def test_the_second_view_reads_no_author_or_image_and_shows_the_same(client, illustrated, media):
    first, first_sql = view(client, illustrated)
    assert stored(illustrated) is not None
    second, second_sql = view(client, illustrated)
    assert not [sql for sql in second_sql if any(part in sql for part in READS_AUTHOR_OR_IMAGES)]
    assert len(second_sql) < len(first_sql)
    assert second == first
    assert "加藤 花子" in second and 'alt="港の夕焼け"' in second
    assert 'class="author-box__avatar"' in second and 'rel="preload" as="image"' in second
    assert '<meta property="og:image:width" content="1200">' in second
    assert no_missing_file(second, media)


def test_what_is_stored_is_what_the_live_rows_give(client, illustrated):
    view(client, illustrated)
    kept, _ = view(client, illustrated)
    ArticlePage.objects.filter(pk=illustrated.pk).update(author_and_eyecatch=None)
    fresh, _ = view(client, illustrated)
    assert kept == fresh


def test_a_renamed_author_shows_at_once(client, illustrated):
    view(client, illustrated)
    author = illustrated.author
    author.name, author.bio, author.slug = "加藤 葉子", "新しい紹介文。", "kato-yoko"
    author.save()
    assert stored(illustrated) is None
    html, _ = view(client, illustrated)
    assert "加藤 葉子" in html and "新しい紹介文。" in html and "加藤 花子" not in html
    assert "/articles/author/kato-yoko/" in html and '"name": "加藤 葉子"' in html


def test_a_new_or_removed_portrait_shows_at_once(client, illustrated, media):
    before, _ = view(client, illustrated)
    author = illustrated.author
    author.avatar = picture("new-portrait.png", "#22aa44", (300, 300))
    author.save()
    html, _ = view(client, illustrated)
    assert "new-portrait" in html and no_missing_file(html, media)
    author.avatar = None
    author.save()
    html, _ = view(client, illustrated)
    assert 'class="author-box__avatar"' not in html and "加藤 花子" in html


def test_a_deleted_author_leaves_the_page(client, illustrated):
    view(client, illustrated)
    illustrated.author.delete()
    html, _ = view(client, illustrated)
    assert "加藤 花子" not in html and 'class="author-box' not in html


def hero_files(html):
    return set(re.findall(r"/media/images/eyecatch[^\s\"',]*", html))


def test_a_new_focal_point_or_file_of_the_eyecatch_shows_at_once(client, illustrated, media):
    before, _ = view(client, illustrated)
    image = illustrated.hero_image
    image.focal_point_x, image.focal_point_y = 100, 100
    image.focal_point_width = image.focal_point_height = 200
    image.save()
    assert stored(illustrated) is None
    focused, _ = view(client, illustrated)
    assert hero_files(focused) and hero_files(focused) != hero_files(before)
    assert no_missing_file(focused, media)
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), "#ffcc00").save(buffer, format="PNG")
    image.file = ImageFile(buffer, name="eyecatch-replaced.png")
    image.width, image.height = 1200, 800
    image.save()
    image.renditions.all().delete()  # as Wagtail's image form does for a new file
    replaced, _ = view(client, illustrated)
    assert "eyecatch-replaced" in replaced and no_missing_file(replaced, media)


def test_deleted_renditions_leave_no_broken_address(
    client, illustrated, media, django_capture_on_commit_callbacks
):
    before, _ = view(client, illustrated)
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes the files then
        illustrated.hero_image.renditions.all().delete()
        illustrated.author.avatar.renditions.all().delete()
    assert not all(path.is_file() for path in media_files(before, media))
    assert stored(illustrated) is None
    html, _ = view(client, illustrated)
    assert no_missing_file(html, media)


def test_a_deleted_eyecatch_gives_the_generated_share_image(client, illustrated):
    view(client, illustrated)
    illustrated.hero_image.delete()
    html, _ = view(client, illustrated)
    assert "港の夕焼け" not in html and "eyecatch" not in html
    assert f"/share/{illustrated.pk}/" in html


def test_a_preview_shows_the_drafts_author_and_eyecatch_and_stores_nothing(client, illustrated):
    view(client, illustrated)
    kept = stored(illustrated)
    draft = ArticlePage.objects.get(pk=illustrated.pk)
    draft.author = pages.author("mori", "森 次郎")
    draft.hero_image = None
    html = draft.make_preview_request().content.decode()
    article = html[html.index("<article") : html.index("</article>")]
    assert "森 次郎" in article and "加藤 花子" not in article and "港の夕焼け" not in article
    assert stored(illustrated) == kept


def test_a_view_that_read_the_row_before_a_change_stores_nothing(illustrated):
    stale_copy = ArticlePage.objects.get(pk=illustrated.pk)
    author = illustrated.author
    author.name = "加藤 葉子"
    author.save()  # drops the stored form, counts the change
    stale_copy.read_author_and_eyecatch()  # worked out from the old row
    assert stored(illustrated) is None


def test_the_kept_portrait_answers_other_sizes_from_the_image(illustrated):
    from wagtail.images.models import Filter

    from articles.author_and_eyecatch import author_to_store, shown_author
    from articles.eyecatch import AVATAR_SPEC

    _, shown = shown_author({"author": author_to_store(illustrated.author)})
    kept = shown.avatar.get_rendition(Filter(spec=AVATAR_SPEC))
    assert kept.url == illustrated.author.avatar.get_rendition(AVATAR_SPEC).url
    other = shown.avatar.get_rendition(Filter(spec="fill-80x80"))
    assert (other.width, other.height) == (80, 80)
