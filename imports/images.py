"""Media met while importing (images, video and sound files): found on the local disk,
checked, and added to Wagtail's image or document library once (a file already in the
library, by content, is reused by every post that shows it). Nothing is ever downloaded.
What cannot be found is listed with the posts that need it (`missing`, in the report).

Files written to storage are not part of a database transaction, so the importer remembers
what it created: when a post's savepoint (or a whole dry run) is rolled back, `rollback_to`
deletes those files too.
"""

import hashlib
import io
import struct
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files import File
from django.core.files.images import ImageFile
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from PIL import Image as PILImage

from .text import truncate
from .uploads import UPLOADS_MARKER, UploadsFolder, expected_path, media_key

# What Pillow raises for a broken or hostile file: OSError (UnidentifiedImageError among
# them), SyntaxError and ValueError from its parsers, struct.error for truncated headers,
# DecompressionBombError for a pixel count meant to exhaust memory.
BROKEN_IMAGE_ERRORS = (
    OSError, SyntaxError, ValueError, struct.error, PILImage.DecompressionBombError,
)  # fmt: skip
HASH_CHUNK = 1024 * 1024


@dataclass
class Attachment:
    """A WordPress media item (post type "attachment") from the export."""

    id: int
    url: str
    title: str = ""
    alt: str = ""
    caption: str = ""
    parent: int = 0  # the post it was uploaded to: `[gallery]` without ids shows these
    menu_order: int = 0
    file: str = ""  # its path inside the uploads folder (_wp_attached_file)
    link: str = ""  # the address of its attachment page
    slug: str = ""

    @property
    def is_image(self):
        name = self.file or urlsplit(self.url).path
        return name.rsplit(".", 1)[-1].lower() in settings.WAGTAILIMAGES_EXTENSIONS


def attachment_from_item(item):
    """The Attachment of an export item of type "attachment" (imports.wxr.WPItem)."""
    return Attachment(
        id=item.id,
        url=item.attachment_url or item.guid,
        title=item.title,
        alt=item.meta.get("_wp_attachment_image_alt", ""),
        caption=item.excerpt.strip(),
        parent=item.parent,
        menu_order=item.menu_order,
        file=item.meta.get("_wp_attached_file", ""),
        link=item.link,
        slug=item.slug,
    )


@dataclass
class MissingMedia:
    """A file the posts show that is not in the uploads folder."""

    path: str  # where it was expected, e.g. 2019/05/photo.jpg
    url: str  # the address the post used
    posts: list = field(default_factory=list)  # (id, title) of the posts that need it


class ImageImporter:
    def __init__(self, report, *, base_dir=None, uploads_dir=None, attachments=None):
        self.report = report
        self.base_dir = Path(base_dir).resolve() if base_dir else None
        self.uploads = UploadsFolder(uploads_dir) if uploads_dir else None
        self.attachments = attachments or {}
        self.attachments_by_key = {media_key(a.url): a for a in self.attachments.values()}
        self.post = None  # (id, title) of the post being imported, for the missing list
        self.missing = {}  # expected path -> MissingMedia
        self._by_path = {}
        self._created = []  # (path, image or document), in order, for rollback_to()
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
        if not path.is_file():
            self.report.warn(_("Image file not found: %(path)s") % {"path": ref.src})
            return None
        return self._first_loaded([path], ref, self._load_image, shown=ref.src)

    def resolve_wordpress(self, ref):
        """An image of a WordPress post, from any of its addresses (any host, resized or
        scaled copies): the original upload in the uploads folder."""
        return self._resolve(ref, self._load_image)

    def resolve_document(self, ref):
        """A video or sound file of a WordPress post, as a Wagtail document."""
        return self._resolve(ref, self._load_document)

    def attachment_image(self, attachment_id):
        """The image of a media item (a post's featured image), or None."""
        attachment = self.attachments.get(attachment_id)
        if attachment is None:
            return None
        from .html_to_blocks import ImageRef

        return self.resolve_wordpress(ImageRef(attachment.url, attachment.alt, "", attachment_id))

    def _resolve(self, ref, loader):
        attachment = self.attachments.get(ref.attachment_id) or self.attachments_by_key.get(
            media_key(ref.src)
        )
        urls = [ref.src, *ref.others]
        if attachment:
            # The media item names the original: its file, then its address.
            known = [UPLOADS_MARKER + attachment.file] if attachment.file else []
            urls = [*known, attachment.url, *urls]
            ref.alt = ref.alt or attachment.alt
        if self.uploads is None:
            self.report.warn(
                _("Media not imported (no --uploads folder given): %(src)s") % {"src": ref.src}
            )
            self._missing(ref.src)
            return None
        paths = self.uploads.find(urls)
        if not paths:
            self.report.warn(_("Media file not found: %(path)s") % {"path": expected_path(ref.src)})
            self._missing(ref.src)
            return None
        shown = str(paths[0].relative_to(self.uploads.root))
        return self._first_loaded(paths, ref, loader, shown)

    def _missing(self, url):
        entry = self.missing.setdefault(expected_path(url), MissingMedia(expected_path(url), url))
        if self.post and self.post not in entry.posts:
            entry.posts.append(self.post)

    # ------------------------------------------------------------------ loading

    def _first_loaded(self, paths, ref, loader, shown):
        """The first of these files that loads (an original too large for the library gives
        way to its scaled copy); the last problem is reported when none does."""
        problem = None
        for path in paths:
            if path in self._by_path:
                return self._by_path[path]
            media, problem = loader(path, ref)
            if media is not None:
                self._by_path[path] = media
                return media
        self.report.warn(problem % {"path": shown})
        return None

    def _load_image(self, path, ref):
        """(image, None), or (None, the problem as a message with %(path)s)."""
        extension = path.suffix.lower().lstrip(".")
        if extension not in settings.WAGTAILIMAGES_EXTENSIONS:
            return None, _("Not a supported image type: %(path)s")
        if path.stat().st_size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
            return None, _("Image file too large: %(path)s")
        data = path.read_bytes()
        try:
            with PILImage.open(io.BytesIO(data)) as picture:
                picture.verify()
        except BROKEN_IMAGE_ERRORS:
            return None, _("Not a valid image file: %(path)s")
        digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()  # Wagtail's file_hash
        Image = get_image_model()
        image = self._existing(Image, digest) or Image(
            title=truncate(ref.alt or path.stem, 255),
            file=ImageFile(io.BytesIO(data), name=path.name),
            file_size=len(data),
            file_hash=digest,
        )
        return self._saved(path, image), None

    def _load_document(self, path, ref):
        """(document, None) for a video or sound file, or (None, the problem)."""
        if path.suffix.lower().lstrip(".") not in settings.WAGTAILDOCS_CONTENT_TYPES:
            return None, _("Not a video or sound file this site can play: %(path)s")
        digest = hashlib.sha1(usedforsecurity=False)
        with path.open("rb") as stream:  # videos can be large: never read whole
            while chunk := stream.read(HASH_CHUNK):
                digest.update(chunk)
            Document = get_document_model()
            document = self._existing(Document, digest.hexdigest())
            if document is None:
                stream.seek(0)
                document = Document(
                    title=truncate(ref.caption or path.stem, 255),
                    file=File(stream, name=path.name),
                    file_size=path.stat().st_size,
                    file_hash=digest.hexdigest(),
                )
                self._saved(path, document)
        return document, None

    def _existing(self, model, digest):
        existing = model.objects.filter(file_hash=digest).first()
        if existing is not None:
            self._reused.add((model, existing.pk))
        return existing

    def _saved(self, path, media):
        if media.pk is None:
            media.save()
            self._created.append((path, media))
        return media

    # ------------------------------------------------------------------ bookkeeping

    def mark(self):
        return len(self._created)

    def rollback_to(self, mark):
        """Forget, and delete the files of, the images and documents created since `mark`
        (their rows were rolled back with the transaction)."""
        removed = self._created[mark:]
        del self._created[mark:]
        gone = {id(image) for _path, image in removed}
        self._by_path = {p: img for p, img in self._by_path.items() if id(img) not in gone}
        for _path, image in removed:
            image.file.storage.delete(image.file.name)

    def add_counts(self):
        Image, Document = get_image_model(), get_document_model()
        created = [type(media) for _path, media in self._created]
        reused = [model for model, _pk in self._reused]
        self.report.count("images", created.count(Image))
        self.report.count("images_reused", reused.count(Image))
        self.report.count("media_files", created.count(Document))
        self.report.count("media_files_reused", reused.count(Document))
        # The summary counts the files; the details list each with the posts needing it.
        self.report.count("media_missing", len(self.missing))
        self.report.missing_media = sorted(self.missing.values(), key=lambda entry: entry.path)
