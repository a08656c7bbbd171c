from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ArticleBodyBlock
from .outline import body_text, heading_anchors, outline, reading_minutes

ARTICLES_PER_PAGE = 10


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
        "auth.User",
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
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


def live_articles():
    """Published, public articles, newest first, ready for a listing (no body loaded)."""
    return (
        ArticlePage.objects.live()
        .public()
        .defer_streamfields()
        .select_related("author", "hero_image")
        .prefetch_related("tags")
        .order_by("-first_published_at", "-pk")
    )


def paginate(request, queryset, per_page=ARTICLES_PER_PAGE):
    """A page of results; a missing, malformed or out-of-range ?page= never raises."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


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
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("article list")

    def articles(self):
        return live_articles().child_of(self)

    @path("")
    def index_view(self, request):
        return self.render(request, context_overrides={"articles": paginate(request, self.articles())})

    @path("tag/<str:tag_slug>/", name="tag")
    def tag_view(self, request, tag_slug):
        tag = get_object_or_404(Tag, slug=tag_slug)
        articles = self.articles().filter(tags=tag)
        return self.render(
            request,
            context_overrides={"articles": paginate(request, articles), "tag": tag},
            template="articles/tag_page.html",
        )

    def tag_url(self, tag):
        return self.url + self.reverse_subpage("tag", args=[tag.slug])


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
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: shown at the top of the article and when it is shared."),
    )
    hero_image_alt = models.CharField(
        _("main image description"),
        max_length=250,
        blank=True,
        help_text=_("Describe the main image for readers who cannot see it."),
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

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("display_date"), FieldPanel("tags")],
            heading=_("About this article"),
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")],
            heading=_("Main image"),
            classname="collapsed",
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("first_published_at"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def published_date(self):
        if self.display_date:
            return self.display_date
        moment = self.first_published_at or self.go_live_at or timezone.now()
        return timezone.localdate(moment)

    @cached_property
    def heading_anchors(self):
        return heading_anchors(self.body)

    @cached_property
    def table_of_contents(self):
        return outline(self.body)

    @cached_property
    def reading_minutes(self):
        return reading_minutes(f"{self.title}\n{self.lead}\n{body_text(self.body)}")

    def siblings_in_order(self):
        return live_articles().sibling_of(self, inclusive=False)

    @cached_property
    def previous_article(self):
        if not self.first_published_at:
            return None
        return (
            self.siblings_in_order()
            .filter(first_published_at__lt=self.first_published_at)
            .first()
        )

    @cached_property
    def next_article(self):
        if not self.first_published_at:
            return None
        return (
            self.siblings_in_order()
            .filter(first_published_at__gt=self.first_published_at)
            .order_by("first_published_at", "pk")
            .first()
        )

    def tag_links(self):
        index_page = ArticleIndexPage.objects.parent_of(self).first()
        if index_page is None:
            return []
        index_page = index_page.specific
        return [(tag, index_page.tag_url(tag)) for tag in self.tags.all()]
