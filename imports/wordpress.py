"""A WordPress export → ArticlePages (posts), fixed pages (pages), authors, tags, comments and
redirects.

Each post is imported in its own savepoint: a post that fails is rolled back (its image files
deleted) and reported, and the others go on. Running the import again finds the pages it made
(imports.models.ImportedPost) and updates them, leaves alone those unchanged in WordPress, and
never overwrites a page someone has edited on this site since.

Items are told apart by their id (wxr.identify: wp:post_id, else guid, else link), so two
items never land in one page. Posts go under the article list; pages (固定ページ) become fixed
pages under the home page, children under their parent page, so their addresses stay.

WordPress status → page:
  publish          published, first_published_at = the WordPress date (GMT)
  future           scheduled: go_live_at = the WordPress date, revision.publish() schedules it
  draft, pending   draft (a revision, not live)
  private          draft (Wagtail has no "private to editors" state), with a note
  password set     as its status, behind Wagtail's password restriction with the same password
  sticky           an article pinned (ピン留め) to the top of the lists
  no text left     draft, with a note (an empty post, an image-only post without its image);
                   its comments and redirects are imported all the same
  trash, auto-draft  skipped, with a note
"""

import hashlib
import json
import logging
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import ArticleIndexPage, ArticlePage, Author
from pages.models import StandardPage

from .archives import (
    attachment_redirects,
    author_redirects,
    date_archive_redirects,
    published_posts,
)
from .comments import CommentImporter
from .gutenberg import WordPressContent, autop
from .htmltree import parse_html, plain_text
from .images import ImageImporter
from .indexing import one_index_update_per_page, update_indexes
from .models import ImportedPost
from .pages import (
    ArticleData,
    ImportProblem,
    clean_data,
    create_page,
    one_line,
    protect_with_password,
    split_lead,
    update_article,
)
from .redirects import old_paths, sync_redirects
from .taxonomy import (
    archive_redirects,
    import_categories,
    item_terms,
    primary_category_slug,
    taxonomy,
)
from .text import make_slug, truncate

logger = logging.getLogger(__name__)

# Change when the conversion changes, so that a new run refreshes pages imported before.
CONVERTER_VERSION = "4"  # 4: inline code in headings, `reversed` in nested lists
IMPORTED_TYPES = {"post", "page"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
PUBLIC_STATUSES = {"publish", "future"}


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
        with one_index_update_per_page((ArticlePage, StandardPage)) as self.indexing_deferred:
            self._run()

    def _run(self):
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
        self.categories = import_categories(taxonomy(self.export)["category"], self.report)
        self.category_slugs_by_term_id = {
            term.term_id: term.slug for term in self.export.categories if term.term_id
        }
        for item in parents_first(items):
            if self.progress:
                self.progress.step(item.title)
            self._import_one(item)
        if self.progress:
            self.progress.finish()
        index = ArticleIndexPage.objects.get(pk=self.index_pk)
        archive_redirects(self.export, index, self.categories, self.site, self.report)
        self._old_archive_redirects(index)
        self.images.add_counts()

    def _old_archive_redirects(self, index):
        mappings = ImportedPost.objects.filter(source=self.source).select_related("page")
        imported = {mapping.wp_id: mapping.page for mapping in mappings}
        posts = published_posts(self.export.items, imported)
        date_archive_redirects(posts, index, self.site, self.report)
        author_redirects(posts, self.authors, index, self.site, self.report)
        attachment_redirects(self.export, imported, self.images, self.site, self.report)

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
        page_class = StandardPage if item.post_type == "page" else ArticlePage
        mapping = ImportedPost.objects.filter(source=self.source, wp_id=item.id).first()
        digest = self._digest(item)
        if mapping is not None:
            page = mapping.page.specific
            if not isinstance(page, page_class):
                raise ImportProblem(
                    _("its page here is no longer a %(kind)s.")
                    % {"kind": page_class._meta.verbose_name}
                )
            if page.latest_revision_id != mapping.revision_id:
                self.report.warn(_("Edited on this site since the last import: not overwritten."))
                self._after(item, page)
                return "skipped"
            if mapping.digest == digest:
                self._after(item, page)
                return "unchanged"
        data = self._page_data(item, page_class)
        if not data.body:
            self.report.note(_("No text to import: saved as a draft."))
            status = "draft"
        fields = {
            "go_live_at": item.date if status == "future" else None,
            "first_published_at": item.date if status == "publish" else None,
        }
        if mapping is None:
            page, revision = create_page(self._parent_for(item), page_class(**fields), data)
            outcome = "imported"
        else:
            page.go_live_at = fields["go_live_at"]
            if fields["first_published_at"]:
                page.first_published_at = fields["first_published_at"]
            revision = update_article(page, data)
            outcome = "updated"
        if item.password:
            protect_with_password(page, item.password)
            self.report.note(_("Password-protected: the same password protects it here."))
        self._publish(item, status, page, revision)
        ImportedPost.objects.update_or_create(
            source=self.source,
            wp_id=item.id,
            defaults={"page": page, "digest": digest, "revision": revision},
        )
        update_indexes(page)
        self._after(item, page)
        return outcome

    def _parent_for(self, item):
        """Posts: the article list. Pages: their parent page when it was imported as a fixed
        page, else the home page (the root of the site), so /parent/child/ stays."""
        if item.post_type != "page":
            return ArticleIndexPage.objects.get(pk=self.index_pk)  # fresh tree counters
        parent = ImportedPost.objects.filter(source=self.source, wp_id=item.parent).first()
        if item.parent and parent is not None:
            page = parent.page.specific
            if isinstance(page, StandardPage):
                return page
        return self.site.root_page.specific

    def _status(self, item):
        status = item.status
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
        page.live = status == "publish"  # publish() changed the database, not this object
        if status == "publish" and item.date:
            last = max(item.modified or item.date, item.date)
            ArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=item.date, last_published_at=last
            )
            page.first_published_at, page.last_published_at = item.date, last

    def _after(self, item, page):
        """What is synced and counted even when the page itself is unchanged: comments and
        redirects (for what was public on WordPress only: a draft's ?p= address never was;
        a public post saved here as a draft keeps them, for the day it is published)."""
        shown_before = self.report.counts["comments_imported"]
        self.comments.run(page, item.comments)
        if item.post_type == "page":
            self._fixed_page_comments(self.report.counts["comments_imported"] - shown_before)
        if item.status in PUBLIC_STATUSES:
            sync_redirects(page, old_paths(item, self.export.base_url), self.site, self.report)
        self.report.count("pages" if item.post_type == "page" else "posts")
        if not page.live and page.go_live_at is None:
            self.report.count("drafts")

    def _fixed_page_comments(self, count):
        """Readers comment on articles here: say that a fixed page shows its old comments but
        takes no new ones."""
        if count:
            self.report.count("comments_on_fixed_pages", count)
            self.report.note(
                _(
                    "%(count)d comment(s) imported with this fixed page: shown under it, closed "
                    "to new comments."
                )
                % {"count": count}
            )

    # ------------------------------------------------------------------ content

    def _page_data(self, item, page_class):
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
        category_slugs, tags = item_terms(item)
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
            categories=[self.categories[s] for s in category_slugs if s in self.categories],
            primary_category=self.categories.get(
                primary_category_slug(item, category_slugs, self.category_slugs_by_term_id)
            ),
            author=self.authors.get(item.creator),
            hero_image=hero,
            hero_image_alt=truncate(hero_alt, 250),
            pinned=item.sticky,
        )
        return clean_data(data, self.report, page_class=page_class, allow_empty=True)

    @staticmethod
    def _digest(item):
        fields = [
            CONVERTER_VERSION, item.title, item.content, item.excerpt, item.status, item.slug,
            item.date.isoformat() if item.date else "", item.creator, item.categories,
            item.meta.get("_thumbnail_id", ""), item.password, item.sticky, item.parent,
            item.meta.get("_yoast_wpseo_primary_category", ""),
        ]  # fmt: skip
        return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()

    def _create_authors(self, items):
        """An author profile per WordPress author who wrote a post (family name first), or
        the profile already linked to the account of that login name or with that slug."""
        for login in sorted({item.creator for item in items if item.creator}):
            known = self.export.authors.get(login)
            name = known.name if known else login
            slug = make_slug(login, fallback="author", max_length=100)
            author = (
                Author.objects.filter(user__username=login).first()
                or Author.objects.filter(slug=slug).first()
            )
            if author is None:
                author = Author.objects.create(name=truncate(name, 100), slug=slug)
                self.report.count("authors")
            self.authors[login] = author


def parents_first(items):
    """The items in file order, except that a page comes after its parent page (WordPress
    exports pages by id, and a parent may have been made after its child)."""
    by_id = {item.id: item for item in items}
    placed, ordered = set(), []

    def place(item, seen=()):
        if item.id in placed or item.id in seen:
            return
        parent = by_id.get(item.parent) if item.post_type == "page" else None
        if parent is not None:
            place(parent, (*seen, item.id))
        placed.add(item.id)
        ordered.append(item)

    for item in items:
        place(item)
    return ordered
