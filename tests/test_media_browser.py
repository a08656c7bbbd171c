"""Video and audio blocks in a real Chromium under the public pages' strict policy: the sound
file (a WAV written here) loads and has its length, the video's poster shows, and nothing is
refused by the Content-Security-Policy or fetched from another host."""

import io
import math
import struct
import wave

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
import support_pages as pages
from PIL import Image as PILImage
from test_security_browser import Violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chime(seconds=0.5, rate=8000):
    """A WAV file: a 440 Hz tone."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        samples = (
            int(8000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(int(seconds * rate))
        )
        sound.writeframes(b"".join(struct.pack("<h", sample) for sample in samples))
    return buffer.getvalue()


@pytest.fixture
def media_article(live_server):
    Document = get_document_model()
    recording = Document.objects.create(title="汽笛", file=ContentFile(chime(), name="chime.wav"))
    video = Document.objects.create(title="波", file=ContentFile(b"not decoded", name="waves.mp4"))
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 180), "#226688").save(buffer, format="PNG")
    poster = get_image_model().objects.create(title="波", file=ImageFile(buffer, name="waves.png"))
    body = [
        ("video", {"file": video, "poster": poster, "caption": "波", "transcript": ""}),
        ("audio", {"file": recording, "caption": "汽笛", "transcript": "汽笛が一度鳴る。"}),
    ]
    page = pages.article(title="港の音", slug="harbor-sounds", body=body)
    return live_server.url, page.url


def test_audio_loads_and_the_video_shows_its_poster_under_the_policy(
    browser_page, media_article, screenshot
):
    base, path = media_article
    page = browser_page
    violations = Violations(page, base)
    page.goto(base + path)
    duration = page.evaluate(
        """() => new Promise((resolve, reject) => {
            const audio = document.querySelector("figure.block-audio audio");
            audio.addEventListener("loadedmetadata", () => resolve(audio.duration));
            audio.addEventListener("error", () => reject(new Error("audio error")));
            if (audio.readyState >= 1) resolve(audio.duration);
            audio.load();
        })"""
    )
    assert duration == pytest.approx(0.5, abs=0.05)
    poster = page.evaluate(
        """() => new Promise((resolve) => {
            const image = new Image();
            image.onload = () => resolve([image.naturalWidth, image.naturalHeight]);
            image.onerror = () => resolve(null);
            image.src = document.querySelector("video").poster;
        })"""
    )
    assert poster is not None and poster[0] > 0
    page.get_by_text("書き起こし").click()
    assert page.get_by_text("汽笛が一度鳴る。").is_visible()
    violations.assert_none(path)
    screenshot(page, "media-blocks")
