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

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
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
        self.placed = {}  # wp id -> XtdComment pk, or None when not imported
        for comment in sorted(comments, key=lambda c: (c.date or timezone.now(), c.id)):
            self._place(comment)

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
        parent_pk = self._parent(comment, seen)
        self.placed[comment.id] = self._create(comment, parent_pk)
        return self.placed[comment.id]

    def _parent(self, comment, seen):
        if not comment.parent:
            return 0
        parent = self.by_id.get(comment.parent)
        parent_pk = (
            self._place(parent, (*seen, comment.id)) if parent and parent.id not in seen else None
        )
        if not parent_pk:
            self.report.warn(
                _("Comment %(id)d answers a comment that was not imported: it starts a new thread.")
                % {"id": comment.id}
            )
            return 0
        if self.levels[parent_pk] < self.max_level:
            return parent_pk
        ancestor = parent_pk
        while self.levels[ancestor] >= self.max_level:
            ancestor = self.parents[ancestor]
        self.report.warn(
            _("Comment %(id)d is deeper than %(levels)d levels: it was attached higher up.")
            % {"id": comment.id, "levels": self.max_level + 1}
        )
        return ancestor

    def _create(self, comment, parent_pk):
        text = plain_text(parse_html(comment.content), keep_newlines=True)
        xtd = XtdComment(
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
            parent_id=parent_pk,
        )
        xtd.save()
        self.levels[xtd.pk], self.parents[xtd.pk] = xtd.level, xtd.parent_id
        ImportedComment.objects.create(source=self.source, wp_id=comment.id, comment=xtd)
        self.report.count("comments_imported")
        return xtd.pk
