"""WordPress comments → django-comments-xtd comments, with their threads.

xtd works out a reply's thread, level and order in XtdComment.save() from its parent, which
must already be saved; so each comment is saved after its parent (parents first, then by date),
exactly as if readers had posted them in that order. `submit_date` is set to the WordPress date.

Every reply keeps its real parent, however deep the thread: xtd stores up to
COMMENTS_XTD_MAX_THREAD_LEVEL levels (set high for this), and how many are shown nested is the
comment settings' business (comments/threads.py). Only a reply deeper than what xtd stores is
attached to its deepest storable ancestor, with a warning. Comments already imported are left
as they are (a moderator may have approved or hidden them since); a comment deleted here is not
brought back.
"""

import ipaddress
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from django_comments_xtd.models import XtdComment

from .htmltree import parse_html, plain_text
from .models import ImportedComment
from .text import truncate

SKIPPED_STATES = {"spam", "trash", "post-trashed"}
SKIPPED_TYPES = {"pingback", "trackback"}


def _ip(value):
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


@dataclass(eq=False)
class Planned:
    """A comment to create: its parent is another Planned (a new thread, or deeper in
    one), or a comment stored before (`stored_parent`), or nothing (it starts a thread)."""

    source: object  # wxr.WPComment
    parent: "Planned | None" = None
    stored_parent: int = 0
    level: int = 0
    children: list = field(default_factory=list)
    pk: int = 0


class CommentImporter:
    def __init__(self, source, report):
        self.source = source
        self.report = report
        self.site = Site.objects.get_current()
        self.max_level = settings.COMMENTS_XTD_MAX_THREAD_LEVEL

    def run(self, page, comments):
        self.page = page
        self.content_type = ContentType.objects.get_for_model(page.specific_class)
        self.by_id = {comment.id: comment for comment in comments}
        known = ImportedComment.objects.filter(
            source=self.source, wp_id__in=list(self.by_id)
        ).values_list("wp_id", "comment_id", "comment__level", "comment__parent_id")
        self.known, self.levels, self.parents = {}, {}, {}  # levels/parents by XtdComment pk
        for wp_id, pk, level, parent_pk in known:
            self.known[wp_id] = pk
            if pk is not None:
                self.levels[pk], self.parents[pk] = level, parent_pk
        self.placed = {}  # wp id -> Planned, or the pk of a comment stored before, or None
        self.planned = []
        for comment in sorted(comments, key=lambda c: (c.date or timezone.now(), c.id)):
            self._place(comment)
        self._save()

    # ------------------------------------------------------------------ planning

    def _place(self, comment, seen=()):
        if comment.id in self.placed:
            return self.placed[comment.id]
        self.placed[comment.id] = None  # also guards against a parent loop in the file
        if comment.type in SKIPPED_TYPES or comment.approved in SKIPPED_STATES:
            self.report.count("comments_skipped")
            return None
        if comment.id in self.known:
            pk = self.known[comment.id]
            if pk is not None:
                self.report.count("comments_unchanged")
            self.placed[comment.id] = pk
            return pk
        planned = Planned(comment)
        parent = self._parent(comment, seen)
        if isinstance(parent, Planned):
            planned.parent, planned.level = parent, parent.level + 1
            parent.children.append(planned)
        elif parent:
            planned.stored_parent, planned.level = parent, self.levels[parent] + 1
        self.placed[comment.id] = planned
        self.planned.append(planned)
        return planned

    def _parent(self, comment, seen):
        """The Planned or stored comment `comment` answers, the deepest xtd can store at most;
        None when it starts a thread."""
        if not comment.parent:
            return None
        parent = self.by_id.get(comment.parent)
        placed = (
            self._place(parent, (*seen, comment.id)) if parent and parent.id not in seen else None
        )
        if not placed:
            self.report.warn(
                _("Comment %(id)d answers a comment that was not imported: it starts a new thread.")
                % {"id": comment.id}
            )
            return None
        if self._level(placed) < self.max_level:
            return placed
        while self._level(placed) >= self.max_level:
            placed = self._up(placed)
        self.report.warn(
            _("Comment %(id)d is deeper than %(levels)d levels: it was attached higher up.")
            % {"id": comment.id, "levels": self.max_level + 1}
        )
        return placed

    def _level(self, placed):
        return placed.level if isinstance(placed, Planned) else self.levels[placed]

    def _up(self, placed):
        if isinstance(placed, Planned):
            return placed.parent or placed.stored_parent
        return self.parents[placed]

    # ------------------------------------------------------------------ saving

    def _save(self):
        """New threads are written with their thread fields worked out here (see
        save_new_thread); a reply to a comment stored before goes through xtd's own save,
        which makes room for it in that thread's order."""
        for planned in self.planned:
            if planned.parent is None and not planned.stored_parent:
                save_new_thread(planned, self._xtd)
            elif planned.stored_parent:
                self._save_below_stored(planned)
        ImportedComment.objects.bulk_create(
            ImportedComment(source=self.source, wp_id=p.source.id, comment_id=p.pk)
            for p in self.planned
        )
        self.report.count("comments_imported", len(self.planned))

    def _save_below_stored(self, planned):
        xtd = self._xtd(planned)
        xtd.parent_id = planned.stored_parent
        xtd.save()  # xtd's save: level, order and nested counts of the stored thread
        planned.pk = xtd.pk
        self.levels[xtd.pk], self.parents[xtd.pk] = xtd.level, xtd.parent_id
        for child in planned.children:
            child.stored_parent = xtd.pk
            self._save_below_stored(child)

    def _xtd(self, planned):
        comment = planned.source
        text = plain_text(parse_html(comment.content), keep_newlines=True)
        return XtdComment(
            content_type=self.content_type,
            object_pk=str(self.page.pk),
            site=self.site,
            user_name=truncate(comment.author or _("Anonymous"), 50),
            user_email=comment.email[:254],
            user_url=comment.url if len(comment.url) <= 200 else "",
            comment=text or "-",
            submit_date=comment.date or timezone.now(),
            ip_address=_ip(comment.ip),
            is_public=comment.approved == "1",
            is_removed=False,
        )


def save_new_thread(root, make):
    """Write a whole new thread with the fields XtdComment.save() would have given each
    comment posted in this order (thread_id: the first comment's id; level; order: the
    position in the thread read depth first; nested_count: the replies below), without its
    queries per reply (it re-reads the parent and re-counts the thread each time).

    Model.save() is called directly, not XtdComment.save(), for that reason;
    tests/test_import_wordpress_site.py checks the fields against xtd's own save."""
    thread = list(_depth_first(root))
    replies_below = {}
    for planned in reversed(thread):  # children before their parent
        replies_below[id(planned)] = sum(1 + replies_below[id(c)] for c in planned.children)
    for position, planned in enumerate(thread, start=1):
        xtd = make(planned)
        xtd.level, xtd.order = planned.level, position
        xtd.nested_count = replies_below[id(planned)]
        xtd.parent_id = planned.parent.pk if planned.parent else 0
        xtd.thread_id = root.pk
        models.Model.save(xtd)
        planned.pk = xtd.pk
        if planned is root:  # its own id, known only now
            XtdComment.objects.filter(pk=xtd.pk).update(parent_id=xtd.pk, thread_id=xtd.pk)


def _depth_first(planned):
    yield planned
    for child in planned.children:
        yield from _depth_first(child)
