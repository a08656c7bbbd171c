"""A WordPress export → ArticlePages, authors, tags, comments and redirects.

Each post is imported in its own savepoint: a post that fails is rolled back (its image files
deleted) and reported, and the others go on. Running the import again finds the pages it made
(imports.models.ImportedPost) and updates them, leaves alone those unchanged in WordPress, and
never overwrites a page someone has edited on this site since.

WordPress status → page:
  publish          published, first_published_at = the WordPress date (GMT)
  future           scheduled: go_live_at = the WordPress date, revision.publish() schedules it
  draft, pending   draft (a revision, not live)
  private          draft (Wagtail has no "private to editors" state), with a note
  password set     draft, with a warning (the protection would be lost)
  trash, auto-draft  skipped
"""

import hashlib
import json
import logging
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import ArticleIndexPage, ArticlePage, Author

from .comments import CommentImporter
from .gutenberg import WordPressContent, autop
from .htmltree import parse_html, plain_text
from .images import ImageImporter
from .models import ImportedPost
from .pages import (
    ArticleData,
    ImportProblem,
    clean_data,
    create_article,
    one_line,
    split_lead,
    update_article,
)
from .redirects import old_paths, sync_redirects
from .text import make_slug, truncate

logger = logging.getLogger(__name__)

# Change when the conversion changes, so that a new run refreshes pages imported before.
CONVERTER_VERSION = "2"  # 2: galleries, video and audio, code shortcodes, list numbering
IMPORTED_TYPES = {"post", "page"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
PUBLIC_STATUSES = {"publish", "future"}
DEFAULT_CATEGORIES = {"uncategorized", "未分類"}


class WordPressImporter:
    def __init__(self, export, index, *, report, uploads_dir=None, progress=None):
        self.export = export
        self.index_pk = index.pk
        self.site = index.get_site()
        self.report = report
        self.progress = progress
        self.source = export.base_url or export.title or "wordpress"
        self.images = ImageImporter(report, uploads_dir=uploads_dir, attachments=export.attachments)
        self.comments = CommentImporter(self.source, report)
        self.authors = {}

    def run(self):
        for warning in self.export.warnings:
            self.report.warn(warning)
        items = [item for item in self.export.items if item.post_type in IMPORTED_TYPES]
        others = Counter(
            i.post_type for i in self.export.items if i.post_type not in IMPORTED_TYPES
        )
        if others:
            kinds = ", ".join(f"{kind} ({count})" for kind, count in sorted(others.items()))
            self.report.note(
                _("Not imported (neither posts nor pages): %(kinds)s") % {"kinds": kinds}
            )
        self._create_authors(items)
        for item in items:
            if self.progress:
                self.progress.step(item.title)
            self._import_one(item)
        if self.progress:
            self.progress.finish()
        self.images.add_counts()

    def rollback_files(self):
        """After a dry run's rollback: delete the image files written meanwhile."""
        self.images.rollback_to(0)

    # ------------------------------------------------------------------ one post

    def _import_one(self, item):
        self.report.context = _("Post %(id)d “%(title)s”") % {"id": item.id, "title": item.title}
        self.images.post = (item.id, item.title)
        counts = self.report.counts.copy()
        mark = self.images.mark()
        try:
            with transaction.atomic():
                outcome = self._import(item)
        except ImportProblem as error:
            self._failed(counts, mark, str(error))
        except Exception as error:  # one broken post must not stop the others
            logger.exception("WordPress import of post %s failed", item.id)
            self._failed(counts, mark, _("could not be imported (%(error)s)") % {"error": error})
        else:
            self.report.count(outcome)
        finally:
            self.report.context = ""

    def _failed(self, counts, mark, message):
        self.images.rollback_to(mark)
        self.report.counts = counts  # what the rolled-back savepoint had counted is undone
        self.report.warn(message)
        self.report.count("failed")

    def _import(self, item):
        if item.status in SKIPPED_STATUSES:
            self.report.note(_("Status “%(status)s”: not imported.") % {"status": item.status})
            return "skipped"
        status = self._status(item)
        mapping = ImportedPost.objects.filter(source=self.source, wp_id=item.id).first()
        digest = self._digest(item)
        if mapping is not None:
            page = mapping.page.specific
            if not isinstance(page, ArticlePage):
                raise ImportProblem(_("its page here is no longer an article."))
            if page.latest_revision_id != mapping.revision_id:
                self.report.warn(_("Edited on this site since the last import: not overwritten."))
                self._after(item, page, status)
                return "skipped"
            if mapping.digest == digest:
                self._after(item, page, status)
                return "unchanged"
        data = self._article_data(item)
        fields = {
            "go_live_at": item.date if status == "future" else None,
            "first_published_at": item.date if status == "publish" else None,
        }
        if mapping is None:
            index = ArticleIndexPage.objects.get(pk=self.index_pk)  # fresh tree counters
            page, revision = create_article(index, data, **fields)
            outcome = "imported"
        else:
            page.go_live_at = fields["go_live_at"]
            if fields["first_published_at"]:
                page.first_published_at = fields["first_published_at"]
            revision = update_article(page, data)
            outcome = "updated"
        self._publish(item, status, page, revision)
        ImportedPost.objects.update_or_create(
            source=self.source,
            wp_id=item.id,
            defaults={"page": page, "digest": digest, "revision": revision},
        )
        self._after(item, page, status)
        return outcome

    def _status(self, item):
        status = item.status
        if item.password and status in PUBLIC_STATUSES:
            self.report.warn(_("Password-protected in WordPress: imported as a draft."))
            return "draft"
        if status == "private":
            self.report.note(_("Private in WordPress: imported as a draft."))
            return "draft"
        if status == "future" and (item.date is None or item.date <= timezone.now()):
            self.report.note(_("Its scheduled date has passed: published."))
            return "publish"
        if status not in PUBLIC_STATUSES:
            return "draft"
        return status

    def _publish(self, item, status, page, revision):
        if status == "draft":
            if page.live:
                self.report.note(_("A draft in WordPress but published here: left published."))
            return
        revision.publish()  # schedules instead when go_live_at is in the future
        if status == "publish" and item.date:
            last = max(item.modified or item.date, item.date)
            ArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=item.date, last_published_at=last
            )
            page.first_published_at, page.last_published_at = item.date, last

    def _after(self, item, page, status):
        """What is synced even when the page itself is unchanged: comments and redirects
        (for what was public on WordPress only: a draft's ?p= address never was)."""
        self.comments.run(page, item.comments)
        if status in PUBLIC_STATUSES:
            sync_redirects(page, old_paths(item, self.export.base_url), self.site, self.report)

    # ------------------------------------------------------------------ content

    def _article_data(self, item):
        content = WordPressContent(
            self.report,
            self.images.resolve_wordpress,
            self.export.attachments,
            resolve_file=self.images.resolve_document,
            post_id=item.id,
        )
        blocks = content.convert(item.content)
        excerpt = (
            one_line(plain_text(parse_html(autop(item.excerpt)))) if item.excerpt.strip() else ""
        )
        lead, body = (excerpt, blocks) if excerpt else split_lead(blocks)
        tags = []
        for domain, nicename, name in item.categories:
            default = nicename in DEFAULT_CATEGORIES or name in DEFAULT_CATEGORIES
            if domain in {"category", "post_tag"} and name and not default and name not in tags:
                tags.append(truncate(name, 100))
        hero, hero_alt = None, ""
        thumbnail_id = item.meta.get("_thumbnail_id", "")
        if thumbnail_id.isdigit():
            hero = self.images.attachment_image(int(thumbnail_id))
            attachment = self.export.attachments.get(int(thumbnail_id))
            hero_alt = attachment.alt if attachment else ""
        data = ArticleData(
            title=item.title,
            lead=lead,
            body=body,
            slug=item.slug,
            tags=tags,
            author=self.authors.get(item.creator),
            hero_image=hero,
            hero_image_alt=truncate(hero_alt, 250),
        )
        return clean_data(data, self.report)

    @staticmethod
    def _digest(item):
        fields = [
            CONVERTER_VERSION, item.title, item.content, item.excerpt, item.status, item.slug,
            item.date.isoformat() if item.date else "", item.creator, item.categories,
            item.meta.get("_thumbnail_id", ""), bool(item.password),
        ]  # fmt: skip
        return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()

    def _create_authors(self, items):
        for login in sorted({item.creator for item in items if item.creator}):
            name, _email = self.export.authors.get(login, (login, ""))
            slug = make_slug(login, fallback="author", max_length=100)
            author = (
                Author.objects.filter(user__username=login).first()
                or Author.objects.filter(slug=slug).first()
            )
            if author is None:
                author = Author.objects.create(name=truncate(name, 100), slug=slug)
                self.report.count("authors")
            self.authors[login] = author
