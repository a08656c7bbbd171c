"""`manage.py import_wordpress` with media (issue #16, part B): tests/fixtures/import/media.wxr.xml
is a made-up WordPress.com blog whose posts show one upload under several addresses, galleries,
video, audio and code; its uploads folder is laid out here, as WordPress keeps it."""

import io
from pathlib import Path

from django.core.management import call_command
from django.utils import translation

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
import support_pages as pages
from PIL import Image as PILImage

from imports.htmltree import parse_html, plain_text
from imports.models import ImportedPost

EXPORT = Path(__file__).parent / "fixtures" / "import" / "media.wxr.xml"
PICTURES = {  # file → colour: every picture has different bytes
    "harbor.jpg": (200, 120, 40),
    "harbor-scaled.jpg": (190, 110, 30),
    "harbor-300x200.jpg": (180, 100, 20),
    "boat.jpg": (20, 80, 160),
    "gull.png": (240, 240, 240),
    "waves-poster.jpg": (10, 120, 140),
}
# Not real recordings: the importer and the site never decode them.
RECORDINGS = {"waves.mp4": b"\x00\x00\x00\x18ftypmp42 video", "whistle.mp3": b"ID3 sound"}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offline_imports")]


@pytest.fixture
def uploads(tmp_path):
    month = tmp_path / "uploads" / "2020" / "04"
    month.mkdir(parents=True)
    for name, colour in PICTURES.items():
        PILImage.new("RGB", (64, 48), colour).save(month / name)
    for name, data in RECORDINGS.items():
        (month / name).write_bytes(data)
    return tmp_path / "uploads"


def run(uploads):
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_wordpress", str(EXPORT), "--uploads", str(uploads), stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(uploads):
    pages.article_index()
    return run(uploads)


def body(wp_id):
    return list(ImportedPost.objects.get(wp_id=wp_id).page.specific.body)


def blocks_of(wp_id, kind):
    return [block.value for block in body(wp_id) if block.block_type == kind]


def count(out, label):
    line = next((line for line in out.splitlines() if line.startswith(label + ":")), None)
    return int(line.rsplit(":", 1)[1]) if line else 0


def test_each_file_is_imported_once_whatever_its_address(imported, uploads):
    # harbor (original, not its scaled or resized copies), boat, gull, the poster.
    assert count(imported, "Images uploaded") == 4
    assert count(imported, "Video and sound files uploaded") == 2
    hashes = list(get_image_model().objects.values_list("file_hash", flat=True))
    assert len(hashes) == len(set(hashes)) == 4
    [harbor_block] = blocks_of(31, "image")
    [harbor_classic] = blocks_of(32, "image")
    harbor = harbor_block["image"]
    assert harbor.pk == harbor_classic["image"].pk
    with harbor.file.open() as stored:  # the original, not a scaled or resized copy
        assert stored.read() == (uploads / "2020" / "04" / "harbor.jpg").read_bytes()
    assert harbor_block["alt"] == "朝日に光る港"  # from the media item: the post had none
    assert harbor_classic["alt"] == "夕方の港"
    [gallery] = blocks_of(31, "gallery")
    assert gallery["images"][0]["image"].pk == harbor.pk
    [video_31] = blocks_of(31, "video")
    [video_32] = blocks_of(32, "video")
    assert video_31["file"].pk == video_32["file"].pk


def test_galleries_keep_every_caption(imported):
    [block_gallery] = blocks_of(31, "gallery")
    assert [item["caption"] for item in block_gallery["images"]] == ["港の全景", "小舟", "かもめ"]
    assert block_gallery["caption"] == "港の三景"
    # [gallery] without ids: the pictures uploaded to the post, in their menu order.
    [attached] = blocks_of(32, "gallery")
    assert [item["caption"] for item in attached["images"]] == ["堤防のかもめ", "小舟が戻る"]
    assert [item["alt"] for item in attached["images"]] == ["堤防にとまるかもめ", "岸に戻る小舟"]


def test_video_plays_the_video_and_audio_is_kept(imported):
    [video] = blocks_of(31, "video")
    assert video["file"].file.name.endswith(".mp4") and video["file"].content_type == "video/mp4"
    assert video["poster"].file_hash != video["file"].file_hash
    assert video["caption"] == "寄せては返す波"
    [audio] = blocks_of(32, "audio")  # the one whose file exists
    assert audio["file"].content_type == "audio/mpeg"
    with audio["file"].file.open() as stored:
        assert stored.read() == RECORDINGS["whistle.mp3"]


def test_code_shortcode_and_numbered_list(imported):
    [code] = blocks_of(32, "code")
    assert code["language"] == "python"
    assert code["code"] == 'def tide(hour):\n    return "満潮" if hour < 6 else "干潮"'
    [numbered] = blocks_of(31, "bullet_list")
    assert (numbered["ordered"], numbered["start"], numbered["reversed"]) == (True, 3, True)


def test_missing_files_are_listed_with_the_posts_that_need_them(imported):
    section = imported[imported.index("Media files not found (2):") :].splitlines()
    assert section[:6] == [
        "Media files not found (2):",
        "  - 2020/04/lost-boat.jpg",
        "      needed by post 31 “港の一日（ブロックエディタ）”",
        "      needed by post 32 “港の音（クラシックエディタ）”",
        "  - 2020/04/missing-talk.mp3",
        "      needed by post 32 “港の音（クラシックエディタ）”",
    ]


def test_running_again_reuses_every_file(imported, uploads):
    images, documents = get_image_model().objects.count(), get_document_model().objects.count()
    ImportedPost.objects.all().delete()  # as if imported into a fresh tree: new pages
    out = run(uploads)
    assert count(out, "Images uploaded") == 0 and count(out, "Images already in the library") == 4
    assert count(out, "Video and sound files already in the library") == 2
    assert (get_image_model().objects.count(), get_document_model().objects.count()) == (
        images,
        documents,
    )


def test_the_page_plays_its_media_under_the_strict_policy(client, imported):
    page = ImportedPost.objects.get(wp_id=31).page
    response = client.get(page.url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "media-src 'self'" in policy and "script-src 'self'" in policy
    root = parse_html(response.content.decode())
    [video] = list(root.iter("video"))
    [source] = list(video.iter("source"))
    assert source.get("type") == "video/mp4" and source.get("src").endswith("/waves.mp4")
    assert video.get("poster").startswith("/media/images/") and "controls" in video.attrs
    [ordered] = [ol for ol in root.iter("ol") if "block-list" in ol.classes]
    assert ordered.get("start") == "3" and "reversed" in ordered.attrs
    captions = {plain_text(figcaption) for figcaption in root.iter("figcaption")}
    assert {"港の全景", "小舟", "かもめ", "港の三景", "寄せては返す波"} <= captions
    file_response = client.get(source.get("src"))
    assert file_response.status_code == 200
    assert b"".join(file_response.streaming_content) == RECORDINGS["waves.mp4"]
    audio_page = client.get(ImportedPost.objects.get(wp_id=32).page.url).content.decode()
    [audio] = list(parse_html(audio_page).iter("audio"))
    assert next(audio.iter("source")).get("type") == "audio/mpeg"
