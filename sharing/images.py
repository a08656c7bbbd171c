"""Generated share images, made once per title and kept in the media storage.

The file name carries a digest of what is drawn (title, site name, layout version), so the
image is made again exactly when one of them changes, and its URL changes with it: social
networks that keep images by URL show the new one."""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from .render import LAYOUT_VERSION, SIZE, share_image_png

FOLDER = "share-images"


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int = SIZE[0]
    height: int = SIZE[1]


def drawn_digest(title, site_name):
    drawn = f"{LAYOUT_VERSION}\n{site_name}\n{title}".encode()
    return hashlib.sha256(drawn).hexdigest()[:16]


def share_image_for(page, site_name):
    """The generated image's address, or None for a page not saved yet (a new page's
    preview): the image is served by the page's id."""
    if page.pk is None:
        return None
    digest = drawn_digest(page.title, site_name)
    return ShareImage(reverse("share_image", args=[page.pk, digest]))


def stored_name(page_id, title, site_name):
    """The PNG's name in the media storage, drawn and saved the first time it is asked for."""
    name = f"{FOLDER}/{page_id}-{drawn_digest(title, site_name)}.png"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(share_image_png(title, site_name)))
    return name


def stored_png(page_id, title, site_name):
    """The PNG's bytes."""
    with default_storage.open(stored_name(page_id, title, site_name), "rb") as stored:
        return stored.read()


def stored_png_length(page_id, title, site_name):
    """The PNG's size in bytes (a feed's <enclosure> must say it)."""
    return default_storage.size(stored_name(page_id, title, site_name))
