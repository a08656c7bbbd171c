import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase

from caching import scopes
from comments.closing import comments_open
from comments.counts import comment_count_subquery
from comments.presence import has_no_comment_rows
from comments.rules import comment_rules
from comments.threads import comment_tree
from editorial.publishing import with_schedule_help
from search.fields import BigramAutocompleteField, BigramSearchField, stream_text

from . import author_and_eyecatch
from .blocks import ArticleBodyBlock
from .eyecatch import CARD_SPEC, renditions_of, share_picture
from .forms import ArticlePageForm
from .listings import Listing, kept_archive_months, kept_counts
from .outline import OutlineEntry, nested_outline, stored_outline_and_reading_time
from .rendered import block_types, body_fragments, render_body, stored_html
from .routing import view_restrictions
from .seo import blog_posting
from .taxonomy import taxonomy_from_stored, taxonomy_to_store

ARTICLES_PER_PAGE = 10
# Text kept for search alone (search/): a reader's view never shows it.
SEARCH_ONLY_FIELDS = ("plain_body", "plain_headings")
# What the article's row keeps for its page, dropped when what it shows changes (stale.py).
STORED_BY_VIEWS = ("body_html", "linked_ids", "taxonomy", "author_and_eyecatch")
RELATED_COUNT = 3


class Author(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("address name"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text=_("Used in the author page address, e.g. sato."),
    )
    bio = models.TextField(
        _("short biography"),
        blank=True,
        max_length=1000,
        help_text=_("Two or three sentences shown in the author box under each article."),
    )
    avatar = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: a square photo or illustration."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("admin account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text=_("The admin account of this author, if they log in to write."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("avatar"),
        # Editors link a profile to an account; an author editing their own profile cannot
        # hand it to someone else (editorial/permissions.py lets them edit only their own).
        FieldPanel("user", permission="articles.add_author"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Category(models.Model):
    """A section of the blog (カテゴリー), possibly inside another one, as WordPress has them."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("address name"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text=_("Used in the category page address, e.g. programming."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("Optional: the broader category this one belongs to."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=1000,
        help_text=_("Optional: one or two sentences shown at the top of the category page."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Categories with smaller numbers come first in lists."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return " › ".join(category.name for category in self.lineage())

    @classmethod
    def linked(cls):
        """Every category by primary key, each with its parent attached from the same single
        query, so that lineage() and path_slugs() on them read no more rows."""
        by_pk = {category.pk: category for category in cls.objects.all()}
        for category in by_pk.values():
            if category.parent_id in by_pk:
                category.parent = by_pk[category.parent_id]
        return by_pk

    def lineage(self):
        """This category's ancestors from the top, then itself; stops at a loop."""
        chain = [self]
        while chain[0].parent_id and chain[0].parent not in chain:
            chain.insert(0, chain[0].parent)
        return chain

    def path_slugs(self):
        return "/".join(category.slug for category in self.lineage())

    def clean(self):
        if self.pk and self.parent_id and self in self.parent.lineage():
            raise ValidationError(
                {"parent": _("A category cannot be inside itself or one of its own subcategories.")}
            )

    def with_descendant_ids(self):
        """Primary keys of this category and every category below it (one query)."""
        children_of = {}
        for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
            children_of.setdefault(parent_id, []).append(pk)
        found, pending = set(), [self.pk]
        while pending:
            pk = pending.pop()
            if pk not in found:
                found.add(pk)
                pending.extend(children_of.get(pk, []))
        return found


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


def published_articles():
    """Articles a reader may open: live, and outside every private section."""
    return ArticlePage.objects.live().public()


def article_links():
    """Published articles with what a card or a link shows: neither the body, its HTML nor
    the text kept for search."""
    return published_articles().defer_streamfields().defer("body_html", *SEARCH_ONLY_FIELDS)


# What a related-article card and a previous/next link show (title, address, date,
# eyecatch): a card read with the article's ~50 other columns cost more to load than to show.
CARD_FIELDS = (
    "title", "url_path", "locale", "first_published_at", "go_live_at", "display_date", "hero_image",
)  # fmt: skip


def card_renditions():
    """The cards' picture renditions read with the articles: Wagtail then takes them from
    the prefetched rows, where from its cache it would write each one back on every request
    (one file per rendition with a file-based cache; Wagtail 8.0.1)."""
    return Prefetch("hero_image__renditions", renditions_of(CARD_SPEC))


def small_cards(articles):
    """The articles with their eyecatch and its card renditions (related articles)."""
    return articles.select_related("hero_image").prefetch_related(card_renditions())


def article_listing():
    """Published articles, newest first, ready for a listing (no body loaded). Cards show no
    tags, so none are fetched; feeds add them (prefetch_related("tags"))."""
    return (
        article_links()
        # The cards' pictures with their renditions: one query for the whole page.
        .select_related("author", "hero_image")
        .prefetch_related("categories", card_renditions())
        # Published comments counted in the same query (cards show them; no query per card).
        .annotate(num_comments=comment_count_subquery())
        .order_by("-first_published_at", "-pk")
    )


def paginate(request, articles, per_page=ARTICLES_PER_PAGE, pinned_first=False):
    """A page of a listing, newest first (with `pinned_first`, the pinned articles before the
    others: the order of the home page and the article list, not of feeds or archives); a
    missing, malformed or out-of-range ?page= never raises. Its cost does not grow with the
    number of articles (articles/listings.py). The page cache learns that it lists these
    articles (their cards: title, comment count)."""
    listing = Listing(articles, kept_counts(request, articles), pinned_first)
    page = Paginator(listing, per_page).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    shown = (scopes.article(article.pk) for article in page.object_list)
    scopes.depends_on(request, scopes.LISTS, *shown)
    return page


class ArticleIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=1000,
        help_text=_("Optional: a few words shown above the list of articles."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    class Meta:
        verbose_name = _("article list")

    def articles(self):
        return article_listing().child_of(self)

    @path("")
    def index_view(self, request):
        return self.render(
            request,
            context_overrides={
                "articles": paginate(request, self.articles(), pinned_first=True),
                "months": kept_archive_months(request, self),
            },
        )

    def render_filtered(self, request, articles, heading, **context):
        return self.render(
            request,
            context_overrides={
                "articles": paginate(request, articles),
                "heading": heading,
                **context,
            },
            template="articles/filtered_list.html",
        )

    @path("tag/<str:tag_slug>/", name="tag")
    def tag_view(self, request, tag_slug):
        tag = get_object_or_404(Tag, slug=tag_slug)
        heading = _("Articles tagged “%(name)s”") % {"name": tag.name}
        feed_url = self.url + self.reverse_subpage("tag_feed", args=[tag.slug])
        return self.render_filtered(
            request,
            self.articles().filter(tags=tag),
            heading,
            tag=tag,
            feed_url=feed_url,
        )

    @path("tag/", name="tags")
    def tags_view(self, request):
        """Every tag in use with how many articles carry it (タグ一覧)."""
        from .navigation import tag_counts

        tags = [(tag, self.tag_url(tag)) for tag in tag_counts(self)]
        return self.render(
            request,
            context_overrides={"tags": tags, "heading": _("All tags")},
            template="articles/tag_list.html",
        )

    @path("tag/<str:tag_slug>/feed/", name="tag_feed")
    def tag_feed_view(self, request, tag_slug):
        from .feeds import TagFeed

        return TagFeed()(request, tag_slug=tag_slug)

    # Before the category page's route, which would take "…/feed" for a category's path.
    @path("category/", name="categories")
    def categories_view(self, request):
        """Every category with its subcategories below it (カテゴリー一覧), as in the sidebar."""
        from .navigation import category_tree

        return self.render(
            request,
            context_overrides={"nodes": category_tree(self), "heading": _("All categories")},
            template="articles/category_list.html",
        )

    @path("category/<path:category_path>/feed/", name="category_feed")
    def category_feed_view(self, request, category_path):
        from .feeds import CategoryFeed

        parent_slug = category_path.rsplit("/", 1)[-1]
        if Category.objects.filter(slug="feed", parent__slug=parent_slug).exists():
            return self.category_view(request, f"{category_path}/feed")  # a category "feed"
        category = get_object_or_404(Category, slug=parent_slug)
        if category.path_slugs() != category_path:
            return redirect(self.category_feed_url(category), permanent=True)
        return CategoryFeed()(request, category=category, index=self)

    @path("category/<path:category_path>/", name="category")
    def category_view(self, request, category_path):
        category = get_object_or_404(Category, slug=category_path.rsplit("/", 1)[-1])
        if category.path_slugs() != category_path:
            return redirect(self.category_url(category), permanent=True)
        return self.render_filtered(
            request,
            self.articles().filter(categories__in=category.with_descendant_ids()).distinct(),
            category.name,
            category=category,
            feed_url=self.category_feed_url(category),
        )

    @path("author/<str:author_slug>/", name="author")
    def author_view(self, request, author_slug):
        author = get_object_or_404(Author, slug=author_slug)
        heading = _("Articles by %(name)s") % {"name": author.name}
        return self.render_filtered(
            request,
            self.articles().filter(author=author),
            heading,
            author=author,
        )

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{2})/$", name="month")
    def month_view(self, request, year, month):
        year, month = int(year), int(month)
        if not (1 <= month <= 12 and datetime.MINYEAR <= year < datetime.MAXYEAR):
            raise Http404
        start = timezone.make_aware(datetime.datetime(year, month, 1))
        end = timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 1))
        articles = self.articles().filter(first_published_at__gte=start, first_published_at__lt=end)
        heading = _("Articles from %(month)s") % {"month": date_format(start, "YEAR_MONTH_FORMAT")}
        return self.render_filtered(request, articles, heading)

    def archive_months(self):
        """Months that have articles, newest first, with how many: one query."""
        return (
            published_articles()
            .child_of(self)
            .annotate(month=TruncMonth("first_published_at"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )

    def month_url(self, month):
        local = timezone.localtime(month) if timezone.is_aware(month) else month
        return self.url + self.reverse_subpage(
            "month", kwargs={"year": f"{local.year:04d}", "month": f"{local.month:02d}"}
        )

    def tag_url(self, tag):
        return self.url + self.reverse_subpage("tag", args=[tag.slug])

    def author_url(self, author):
        return self.url + self.reverse_subpage("author", args=[author.slug])

    def category_url(self, category):
        return self.url + self.reverse_subpage("category", args=[category.path_slugs()])

    def category_feed_url(self, category):
        return self.url + self.reverse_subpage("category_feed", args=[category.path_slugs()])


class ArticlePage(Page):
    lead = models.TextField(
        _("lead"),
        max_length=600,
        help_text=_(
            "One to three sentences that tell readers what the article is about. Shown under "
            "the title, in lists and in search results."
        ),
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    display_date = models.DateField(
        _("date shown"),
        null=True,
        blank=True,
        help_text=_("Leave empty to show the date the article was first published."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("eyecatch image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional: shown at the top of the article, on its card in every list and when it "
            "is shared (a wide picture, 1200×630 or larger, is best). Without one, a picture "
            "is made from the title."
        ),
    )
    hero_image_alt = models.CharField(
        _("eyecatch image description"),
        max_length=250,
        blank=True,
        help_text=_("Describe the eyecatch image for readers who cannot see it."),
    )
    categories = ParentalManyToManyField(
        Category,
        verbose_name=_("categories"),
        blank=True,
        related_name="articles",
        help_text=_("The sections of the blog this article belongs to."),
    )
    primary_category = models.ForeignKey(
        Category,
        verbose_name=_("primary category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "One of the categories above, shown on the article's card and in its breadcrumbs. "
            "Leave empty to use the first of them."
        ),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("tags"),
        through=ArticlePageTag,
        blank=True,
        help_text=_("Keywords that group related articles, separated by commas."),
    )
    body = StreamField(
        ArticleBodyBlock(),
        verbose_name=_("body"),
        help_text=_("Build the article from blocks: headings, paragraphs, lists, quotes…"),
    )
    language = models.CharField(
        _("language of the article"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="ja",
        help_text=_("Choose English only for articles written in English."),
    )
    # Worked out from the body when the page is saved (a publication saves it) and for each
    # preview, never on a reader's view: see refresh_derived_fields().
    reading_time = models.PositiveSmallIntegerField(null=True, editable=False)
    outline_entries = models.JSONField(null=True, editable=False)
    # The body's HTML, block by block, in each language (articles/rendered.py), and the ids
    # of the related, previous and next articles: None until stored by a view, and again when
    # something they show changed (articles/stale.py), which also counts up the generation so
    # that a view working them out meanwhile does not store what it found.
    body_html = models.JSONField(null=True, editable=False)
    linked_ids = models.JSONField(null=True, editable=False)
    # The article's tags and categories for its own page (articles/taxonomy.py): None until
    # stored by a view, and again after a save or a change to a tag or category it names.
    taxonomy = models.JSONField(null=True, editable=False)
    # What its page shows of its author and eyecatch (articles/author_and_eyecatch.py): None
    # until stored by a view, and again after a save or a change to the author, the portrait
    # or the eyecatch image.
    author_and_eyecatch = models.JSONField(null=True, editable=False)
    derived_generation = models.PositiveIntegerField(default=0, editable=False)
    # What search reads without converting the body (search/views.py): the headings, one a
    # line, for the ranking; the body's words, one block a line, for the snippets.
    plain_headings = models.TextField(default="", editable=False)
    plain_body = models.TextField(default="", editable=False)
    pinned = models.BooleanField(
        _("pinned"),
        default=False,
        db_index=True,
        help_text=_("Shown before the other articles on the home page and the article list."),
    )
    comments_open = models.BooleanField(
        _("accept comments"),
        default=True,
        help_text=_(
            "Readers can comment on this article. Switch off to close comments; the "
            "comments already published stay visible."
        ),
    )
    # Whether any comment row exists for the article, kept by comments/presence.py (None: not
    # known, the threads are read): an article nobody commented on skips the threads' query.
    has_comment_rows = models.BooleanField(null=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldPanel("display_date"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("primary_category", widget=forms.Select),
                FieldPanel("tags"),
                FieldPanel("language"),
                FieldPanel("pinned"),
            ],
            heading=_("About this article"),
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")],
            heading=_("Eyecatch image"),
            classname="collapsed",
        ),
        FieldPanel("body"),
        InlinePanel(
            "related_links",
            heading=_("Related articles"),
            label=_("Related article"),
            help_text=_(
                "Optional: choose the articles to recommend under this one. When empty, "
                "articles sharing the most tags are shown."
            ),
            classname="collapsed",
        ),
    ]
    # Same as Page's, with help text on the go-live and expiry dates (editorial/publishing.py).
    settings_panels = with_schedule_help(Page.settings_panels) + [
        MultiFieldPanel([FieldPanel("comments_open")], heading=_("Comments"))
    ]
    # Japanese has no spaces: the text is indexed as character bigrams (see search/cjk.py) so
    # that a word from inside a sentence can be found; autocomplete serves the admin's search.
    search_fields = Page.search_fields + [
        BigramSearchField("title", boost=2),
        BigramSearchField("lead", boost=1.5),
        BigramSearchField("body"),
        BigramAutocompleteField("title"),
        BigramAutocompleteField("lead"),
        BigramAutocompleteField("body"),
        index.FilterField("first_published_at"),
        index.RelatedFields("tags", [BigramSearchField("name")]),
    ]
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []
    base_form_class = ArticlePageForm

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def get_absolute_url(self):
        """Wagtail pages have none; Django's and django-comments-xtd's code expects one."""
        return self.get_url()

    @property
    def comment_count(self):
        """Published comments: from the listing's annotation, else from the threads the page
        shows anyway (one query for both)."""
        annotated = getattr(self, "num_comments", None)
        if annotated is not None:
            return annotated
        return self.comment_threads[1]

    @cached_property
    def comment_threads(self):
        """(top-level nodes, number of published comments): see comments/threads.py. None
        read when the row says the article has no comment at all (comments/presence.py)."""
        if has_no_comment_rows(self):
            return [], 0
        return comment_tree(self, replies_open=self.accepts_comments)

    @cached_property
    def accepts_comments(self):
        return comments_open(self)

    @cached_property
    def tag_list(self):
        """The article's tags, read once for the page (links, JSON-LD, related, meta)."""
        return list(self.tags.all())

    @property
    def published_date(self):
        if self.display_date:
            return self.display_date
        moment = self.first_published_at or self.go_live_at or timezone.now()
        return timezone.localdate(moment)

    @staticmethod
    def derived_fields(title, lead, body):
        """{field: value} of what the body gives that no view changes: the outline (anchors,
        contents), the reading time and the text search reads, stored with the page instead of
        worked out on every view (turning the body into text cost 6 ms an article)."""
        outline, minutes = stored_outline_and_reading_time(title, lead, body)
        return {
            "outline_entries": outline,
            "reading_time": minutes,
            "plain_headings": "\n".join(text for _, _, text, _ in outline),
            "plain_body": stream_text(body),
        }

    def refresh_derived_fields(self):
        """What the body gives that no view changes (derived_fields) and the body's HTML,
        stored with the page instead of worked out on every view (rendering it 10-15 ms)."""
        self.refresh_outline()
        anchors = {position: anchor for position, _, _, anchor in self.outline_entries}
        self.body_html = render_body(self.body, anchors)
        self.linked_ids = None  # the editor's choice of related articles may have changed
        self.taxonomy = None  # and the tags and categories
        self.author_and_eyecatch = None  # and the author or the eyecatch

    def refresh_outline(self):
        for name, value in self.derived_fields(self.title, self.lead, self.body).items():
            setattr(self, name, value)

    def serializable_data(self):
        """Revisions keep the body, not what is derived from it: a publication or a preview
        works that out again. Nor whether comments exist: a draft saved before the first
        comment would preview as if there were none (a page made from a revision has None,
        unknown, and reads the threads)."""
        data = super().serializable_data()
        for name in (*STORED_BY_VIEWS, "derived_generation", "has_comment_rows"):
            data.pop(name, None)
        return data

    def with_content_json(self, content):
        """A revision made into a page keeps the live row's count of changes: revisions do not
        hold it, and a count back at 0 would let a view that read the old row store its data
        over the publication (store_derived)."""
        page = super().with_content_json(content)
        page.derived_generation = self.derived_generation
        return page

    def store_derived(self, **fields):
        """Store what a view worked out, unless it is a preview (the draft is not the live
        row) or something it depends on changed since this row was read."""
        if self.pk and not self.showing_draft:
            ArticlePage.objects.filter(
                pk=self.pk, derived_generation=self.derived_generation
            ).update(**fields)

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            self.refresh_derived_fields()
            if self.primary_category_id is None:
                # The editor's categories are still in memory here (modelcluster), not saved.
                self.primary_category = next(iter(self.categories.all()), None)
            if self.pk:  # what the page cache must refresh once this is published
                self.tag_ids_before_save = set(
                    ArticlePageTag.objects.filter(content_object_id=self.pk).values_list(
                        "tag_id", flat=True
                    )
                )
        result = super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            self.count_derived_change()
        return result

    def count_derived_change(self):
        """A full save drops what views stored (refresh_derived_fields): counted, so that a view
        still holding the row as it was before cannot store its data after it."""
        ArticlePage.objects.filter(pk=self.pk).update(
            derived_generation=F("derived_generation") + 1
        )
        # At most behind the row (if a change was counted meanwhile): a store then does nothing.
        self.derived_generation += 1

    showing_draft = False

    def serve_preview(self, request, mode_name):
        self.showing_draft = True
        self.refresh_derived_fields()  # a draft's body, not the one last saved
        return super().serve_preview(request, mode_name)

    def _derived(self):
        if self.outline_entries is None or self.reading_time is None:
            self.refresh_outline()  # rows written without save() (bulk inserts)
        return self.outline_entries

    @cached_property
    def body_blocks(self):
        """The body's HTML block by block in the reader's language: stored, or rendered
        now and stored unless something it shows changed meanwhile (see body_html)."""
        blocks_html = stored_html(self.body_html, translation.get_language())
        if blocks_html is None:
            self.body_html = render_body(self.body, self.heading_anchors)
            self.store_derived(body_html=self.body_html)
            blocks_html = stored_html(self.body_html, translation.get_language())
        return body_fragments(self.body, blocks_html, self.heading_anchors)

    @cached_property
    def block_types(self):
        return block_types(self.body)

    @cached_property
    def heading_anchors(self):
        return {position: anchor for position, _, _, anchor in self._derived()}

    @cached_property
    def table_of_contents(self):
        return [OutlineEntry(level, text, anchor) for _, level, text, anchor in self._derived()]

    @cached_property
    def nested_table_of_contents(self):
        return nested_outline(self.table_of_contents)

    @property
    def reading_minutes(self):
        self._derived()
        return self.reading_time

    @cached_property
    def _public_links(self):
        """Live, public articles with just what a link shows (title, URL, date), for related
        articles and previous/next."""
        return article_links()

    @cached_property
    def linked_articles(self):
        """(related articles, previous, next): from the ids stored by an earlier view (one
        query), else worked out (related_by_rank, neighbours_by_date) and the ids stored."""
        stored = self.linked_ids
        if stored is None:
            related, (previous, following) = self.related_by_rank(), self.neighbours_by_date()
            self.store_derived(
                linked_ids={
                    "related": [page.pk for page in related],
                    "previous": previous.pk if previous else None,
                    "next": following.pk if following else None,
                }
            )
            return related, previous, following
        wanted = [*stored["related"], stored["previous"], stored["next"]]
        # Live, and public when they were chosen: a change of who may read what drops the
        # stored ids of every article (stale.py), so Wagtail's public() is not asked again.
        links = small_cards(ArticlePage.objects.live().only(*CARD_FIELDS))
        found = links.in_bulk([pk for pk in wanted if pk])
        related = [found[pk] for pk in stored["related"] if pk in found]
        return related, found.get(stored["previous"]), found.get(stored["next"])

    @property
    def related_articles(self):
        return self.linked_articles[0]

    @property
    def neighbours(self):
        return self.linked_articles[1:]

    def neighbours_by_date(self):
        """(previous, next): the published articles of the same list just older and just
        newer, in one query (two IN subqueries: a UNION of sliced queries is refused by
        SQLite). Also right for an article just unpublished: the two that linked it."""
        moment = self.first_published_at
        if not moment:
            return None, None
        siblings = self._public_links.sibling_of(self, inclusive=False)
        older = siblings.filter(first_published_at__lt=moment).order_by(
            "-first_published_at", "-pk"
        )
        newer = siblings.filter(first_published_at__gt=moment).order_by("first_published_at", "pk")
        found = list(
            siblings.filter(Q(pk__in=older.values("pk")[:1]) | Q(pk__in=newer.values("pk")[:1]))
        )
        return (
            next((page for page in found if page.first_published_at < moment), None),
            next((page for page in found if page.first_published_at > moment), None),
        )

    @property
    def previous_article(self):
        return self.neighbours[0]

    @property
    def next_article(self):
        return self.neighbours[1]

    def get_view_restrictions(self):
        """Wagtail's privacy check asks this before every view: one query from the pages
        Wagtail's routing passed, where Wagtail's takes two (articles/routing.py)."""
        restrictions = view_restrictions(self)
        return super().get_view_restrictions() if restrictions is None else restrictions

    @cached_property
    def index_page(self):
        """The list the article is in (its parent: known without a query when routed)."""
        parent = self.get_parent()  # Wagtail's route handed it over: no query then
        parent = parent.specific if parent is not None else None
        return parent if isinstance(parent, ArticleIndexPage) else None

    @cached_property
    def category_list(self):
        """The article's categories, in the categories' own order (prefetched in listings)."""
        return list(self.categories.all())

    @property
    def primary_category_or_first(self):
        """The category the article is filed under, for its breadcrumbs, card and JSON-LD: the
        primary one while it is still among the article's categories, else the first of them.
        Read from category_list (prefetched in listings), so a card costs no query."""
        chosen = [c for c in self.category_list if c.pk == self.primary_category_id]
        return (chosen or self.category_list or [None])[0]

    def category_links(self):
        if not isinstance(self.index_page, ArticleIndexPage):
            return []
        return [
            (category, self.index_page.category_url(category)) for category in self.category_list
        ]

    def tag_links(self):
        if not isinstance(self.index_page, ArticleIndexPage):
            return []
        return [(tag, self.index_page.tag_url(tag)) for tag in self.tag_list]

    def author_url(self):
        if self.author and isinstance(self.index_page, ArticleIndexPage):
            return self.index_page.author_url(self.author)
        return ""

    def related_by_rank(self):
        """The editor's choice when there is one (in their order), else the live articles
        sharing the most tags with this one, the newest first among equals; one query.

        The ranking is done on the tag table alone (a few thousand rows at 10,000 articles),
        then only the chosen and the best ranked articles are read: joining every article to
        its tags first cost 50 ms at 10,000 articles, 13 ms this way.
        """
        tag_ids = [tag.pk for tag in self.tag_list]
        # A new article's preview has no row to filter on yet (filtering on it raised a 500);
        # its chosen links count once it is saved, its tags already do.
        chosen = RelatedArticle.objects.none()
        if self.pk is not None:
            chosen = RelatedArticle.objects.filter(page=self)
        best_ranked = (
            ArticlePageTag.objects.filter(tag_id__in=tag_ids, content_object__in=self._public_links)
            .exclude(content_object_id=self.pk)
            .values("content_object_id")
            .annotate(shared=Count("id"), published=Max("content_object__first_published_at"))
            .order_by("-shared", "-published", "-content_object_id")
            .values("content_object_id")[:RELATED_COUNT]
        )
        # Their eyecatch is joined; its renditions come from Wagtail's rendition cache.
        candidates = (
            small_cards(self._public_links)
            .exclude(pk=self.pk)
            .filter(Q(pk__in=chosen.values("article_id")) | Q(pk__in=best_ranked))
            .annotate(
                chosen_order=Subquery(
                    chosen.filter(article=OuterRef("pk")).values("sort_order")[:1]
                ),
                shared_tags=Count(
                    "tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True
                ),
            )
            .order_by(
                F("chosen_order").asc(nulls_last=True),
                "-shared_tags",
                "-first_published_at",
                "-pk",
            )
        )
        found = list(candidates[:RELATED_COUNT])
        return [page for page in found if page.chosen_order is not None] or found

    @cached_property
    def middle_heading_position(self):
        """Where a slot "in the middle" goes: before the heading nearest the middle."""
        positions = [i for i, kind in enumerate(self.block_types) if kind == "heading"]
        later = [i for i in positions if i > 0]
        if not later:
            return len(self.block_types) // 2 or None
        return min(later, key=lambda i: abs(i - len(self.block_types) / 2))

    def read_taxonomy(self):
        """On the article's own page: tag_list and category_list from the row (two queries
        fewer), else read now and stored for the next view. Not for a draft: its tags and
        categories are the ones in memory."""
        if self.showing_draft:
            return
        if self.taxonomy is None:
            self.taxonomy = taxonomy_to_store(self.tag_list, self.category_list)
            self.store_derived(taxonomy=self.taxonomy)
        self.tag_list, self.category_list = taxonomy_from_stored(self.taxonomy)

    def read_author_and_eyecatch(self):
        """What the page shows of its author and eyecatch: from the row, else read now and
        stored for the next view (a draft's is read, never stored). See
        articles/author_and_eyecatch.py."""
        stored = self.author_and_eyecatch
        if stored is None or self.showing_draft:
            stored = author_and_eyecatch.to_store(self)
            self.store_derived(author_and_eyecatch=stored)
        return stored

    def get_context(self, request, *args, **kwargs):
        self.comment_settings = comment_rules(request)  # what CommentSettings.for_page gives
        self.read_taxonomy()
        stored = self.read_author_and_eyecatch()
        self.author, self.shown_author = author_and_eyecatch.shown_author(stored)
        context = super().get_context(request, *args, **kwargs)
        # Without an eyecatch, link previews and JSON-LD use the generated share image.
        context["hero_picture"], context["hero_preload"], image = author_and_eyecatch.shown_hero(
            stored
        )
        context["preview_image"] = image
        linked = [*self.related_articles, *self.neighbours]
        scopes.depends_on(
            request,
            scopes.article(self.pk),
            *(scopes.tag(tag.pk) for tag in self.tag_list),
            *(scopes.article(page.pk) for page in linked if page is not None),
        )
        site = Site.find_for_request(request)  # looked up once per request by Wagtail
        picture = share_picture(self, request, image)
        context["blog_posting"] = blog_posting(
            self,
            request,
            image_url=picture.url if picture else "",
            site_name=site.site_name if site else "",
        )
        return context


class RelatedArticle(Orderable):
    page = ParentalKey(ArticlePage, related_name="related_links", on_delete=models.CASCADE)
    article = models.ForeignKey(
        ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
