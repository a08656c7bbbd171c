"""Images met while importing: found on the local disk, checked, and added to Wagtail's image
library (once: a file already in the library, by content, is reused). Nothing is ever
downloaded.

Files written to storage are not part of a database transaction, so the importer remembers
what it created: when a post's savepoint (or a whole dry run) is rolled back, `rollback_to`
deletes those files too.
"""

import hashlib
import io
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.utils.translation import gettext as _

from wagtail.images import get_image_model

from PIL import Image as PILImage

from .text import truncate

UPLOADS_MARKER = "/wp-content/uploads/"
# WordPress puts resized copies beside the original: photo-300x200.jpg for photo.jpg.
RESIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")
# What Pillow raises for a broken or hostile file: OSError (UnidentifiedImageError among
# them), SyntaxError and ValueError from its parsers, struct.error for truncated headers,
# DecompressionBombError for a pixel count meant to exhaust memory.
BROKEN_IMAGE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    struct.error,
    PILImage.DecompressionBombError,
)


@dataclass
class Attachment:
    """A WordPress media item (post type "attachment") from the export."""

    id: int
    url: str
    title: str = ""
    alt: str = ""


class ImageImporter:
    def __init__(self, report, *, base_dir=None, uploads_dir=None, attachments=None):
        self.report = report
        self.base_dir = Path(base_dir).resolve() if base_dir else None
        self.uploads_dir = Path(uploads_dir).resolve() if uploads_dir else None
        self.attachments = attachments or {}
        self._by_path = {}
        self._created = []  # (path, image), in order, for rollback_to()
        self._reused = set()

    # ------------------------------------------------------------------ resolvers

    def resolve_markdown(self, ref):
        """An image of a Markdown file: a path relative to the file (a leading / means the
        file's folder too). Pasted or uploaded Markdown has no folder: nothing is read."""
        parts = urlsplit(ref.src)
        if parts.scheme or parts.netloc:
            self.report.warn(
                _("Remote image not downloaded (the importer never uses the network): %(src)s")
                % {"src": ref.src}
            )
            return None
        if self.base_dir is None:
            self.report.warn(
                _("Image not imported: %(src)s. Add it from the image library in the editor.")
                % {"src": ref.src}
            )
            return None
        path = (self.base_dir / unquote(parts.path).lstrip("/")).resolve()
        return self._load(path, ref, shown=ref.src)

    def resolve_wordpress(self, ref):
        """An image of a WordPress post: its /wp-content/uploads/… path mapped into the
        uploads folder. The original upload is preferred to a resized copy."""
        attachment = self.attachments.get(ref.attachment_id)
        urls = [attachment.url] if attachment else []
        urls += [ref.src, RESIZED.sub("", ref.src)]
        if self.uploads_dir is None:
            self.report.warn(
                _("Image not imported (no --uploads folder given): %(src)s") % {"src": ref.src}
            )
            return None
        candidates = []
        for url in urls:
            path = unquote(urlsplit(url).path)
            if UPLOADS_MARKER in path:
                candidates.append(path.split(UPLOADS_MARKER, 1)[1])
        if not candidates:
            self.report.warn(
                _("Image from another site not imported (no network access): %(src)s")
                % {"src": ref.src}
            )
            return None
        if attachment and not ref.alt:
            ref.alt = attachment.alt
        for relative in dict.fromkeys(candidates):
            path = (self.uploads_dir / relative).resolve()
            if path.is_relative_to(self.uploads_dir) and path.is_file():
                return self._load(path, ref, shown=relative)
        self.report.warn(_("Image file not found: %(path)s") % {"path": candidates[0]})
        return None

    def attachment_image(self, attachment_id):
        """The image of a media item (a post's featured image), or None."""
        attachment = self.attachments.get(attachment_id)
        if attachment is None:
            return None
        from .html_to_blocks import ImageRef

        return self.resolve_wordpress(ImageRef(attachment.url, attachment.alt, "", attachment_id))

    # ------------------------------------------------------------------ loading

    def _load(self, path, ref, shown):
        if path in self._by_path:
            return self._by_path[path]
        if not path.is_file():
            self.report.warn(_("Image file not found: %(path)s") % {"path": shown})
            return None
        extension = path.suffix.lower().lstrip(".")
        if extension not in settings.WAGTAILIMAGES_EXTENSIONS:
            self.report.warn(_("Not a supported image type: %(path)s") % {"path": shown})
            return None
        if path.stat().st_size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
            self.report.warn(_("Image file too large: %(path)s") % {"path": shown})
            return None
        data = path.read_bytes()
        try:
            with PILImage.open(io.BytesIO(data)) as picture:
                picture.verify()
        except BROKEN_IMAGE_ERRORS:
            self.report.warn(_("Not a valid image file: %(path)s") % {"path": shown})
            return None
        image = self._store(path, data, title=ref.alt or path.stem)
        self._by_path[path] = image
        return image

    def _store(self, path, data, title):
        Image = get_image_model()
        digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()  # Wagtail's file_hash
        existing = Image.objects.filter(file_hash=digest).first()
        if existing is not None:
            self._reused.add(existing.pk)
            return existing
        image = Image(title=truncate(title, 255), file=ImageFile(io.BytesIO(data), name=path.name))
        image.file_size = len(data)
        image.file_hash = digest
        image.save()
        self._created.append((path, image))
        return image

    # ------------------------------------------------------------------ bookkeeping

    def mark(self):
        return len(self._created)

    def rollback_to(self, mark):
        """Forget, and delete the files of, the images created since `mark` (their rows were
        rolled back with the transaction)."""
        removed = self._created[mark:]
        del self._created[mark:]
        gone = {id(image) for _path, image in removed}
        self._by_path = {p: img for p, img in self._by_path.items() if id(img) not in gone}
        for _path, image in removed:
            image.file.storage.delete(image.file.name)

    def add_counts(self):
        self.report.count("images", len(self._created))
        self.report.count("images_reused", len(self._reused))
