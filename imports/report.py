"""What an import did: counters, warnings (something was lost or not done) and notes (something
was converted differently from what the author may expect, e.g. kept as a Markdown block)."""

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Counter keys, in report order, with their labels.
LABELS = {
    "imported": gettext_lazy("Articles imported"),
    "updated": gettext_lazy("Articles updated"),
    "unchanged": gettext_lazy("Articles unchanged"),
    "skipped": gettext_lazy("Items skipped"),
    "failed": gettext_lazy("Items that failed"),
    "posts": gettext_lazy("Posts on this site"),
    "pages": gettext_lazy("Fixed pages on this site"),
    "drafts": gettext_lazy("Saved as drafts"),
    "comments_imported": gettext_lazy("Comments imported"),
    "comments_on_fixed_pages": gettext_lazy(
        "Of these, on fixed pages (shown, closed to new comments)"
    ),
    "comments_unchanged": gettext_lazy("Comments already imported"),
    "comments_skipped": gettext_lazy("Comments skipped (spam, trash, pingbacks)"),
    "images": gettext_lazy("Images uploaded"),
    "images_reused": gettext_lazy("Images already in the library"),
    "media_files": gettext_lazy("Video and sound files uploaded"),
    "media_files_reused": gettext_lazy("Video and sound files already in the library"),
    "media_missing": gettext_lazy("Media files missing"),
    "redirects": gettext_lazy("Redirects from old addresses"),
    "authors": gettext_lazy("Authors created"),
    "categories": gettext_lazy("Categories created"),
}


class Report:
    def __init__(self):
        self.counts = Counter()
        self._warnings = {}  # message -> times seen (dict keeps the order of first sight)
        self._notes = {}
        self.context = ""  # e.g. the post being imported, prefixed to its messages
        self.missing_media = []  # images.MissingMedia: files not found, with the posts needing them

    def count(self, key, amount=1):
        self.counts[key] += amount

    def _add(self, store, message):
        if self.context:
            message = f"{self.context}: {message}"
        store[message] = store.get(message, 0) + 1

    def warn(self, message):
        self._add(self._warnings, message)

    def note(self, message):
        self._add(self._notes, message)

    @staticmethod
    def _listed(store):
        return [
            f"{message} (×{times})" if times > 1 else message for message, times in store.items()
        ]

    @property
    def warnings(self):
        return self._listed(self._warnings)

    @property
    def notes(self):
        return self._listed(self._notes)

    def summary_lines(self):
        return [f"{LABELS[key]}: {self.counts[key]}" for key in LABELS if self.counts[key]]

    def lines(self):
        """The whole report as text lines, for the terminal."""
        return (self.summary_lines() or [_("Nothing was imported.")]) + self.detail_lines()

    def detail_lines(self):
        """Warnings and notes, each list under its heading."""
        lines = []
        if self.warnings:
            lines.append(_("Warnings (%(count)d):") % {"count": len(self.warnings)})
            lines += [f"  - {message}" for message in self.warnings]
        if self.notes:
            lines.append(_("Notes (%(count)d):") % {"count": len(self.notes)})
            lines += [f"  - {message}" for message in self.notes]
        return lines + self.missing_media_lines()

    def missing_media_lines(self):
        """Each missing file, then the posts that show it: what to copy into the uploads
        folder before importing again."""
        if not self.missing_media:
            return []
        lines = [_("Media files not found (%(count)d):") % {"count": len(self.missing_media)}]
        for entry in self.missing_media:
            lines.append(f"  - {entry.path}")
            lines += [
                "      " + _("needed by post %(id)d “%(title)s”") % {"id": pk, "title": title}
                for pk, title in entry.posts
            ]
        return lines
