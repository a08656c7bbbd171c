"""RSS 2.0 feeds with the full article in content:encoded: the whole site, each tag and each
category (with its subcategories). Every item carries its picture twice: as <enclosure> (with
its size in bytes, as RSS requires) for readers that show attachments, and as Media RSS
<media:content> (with its width and height) for those that show thumbnails."""

import mimetypes
import re
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Site

from taggit.models import Tag

from home import site_address

from .eyecatch import SHARE_SPEC, renditions_of, share_picture, share_picture_length
from .models import ArticlePage, published_articles

FEED_LENGTH = 20
RELATIVE_URL = re.compile(r'(\s(?:href|src)=")/(?!/)')
SRCSET = re.compile(r'\ssrcset="([^"]*)"')


def absolute_links(html, root_url):
    """Feed readers resolve nothing against our site: make links and images absolute."""
    html = RELATIVE_URL.sub(rf"\1{root_url}/", html)
    return SRCSET.sub(
        lambda match: ' srcset="{}"'.format(
            ", ".join(
                root_url + part.strip() if part.strip().startswith("/") else part.strip()
                for part in match.group(1).split(",")
            )
        ),
        html,
    )


def with_bodies(articles):
    """The articles with their bodies converted together, so that the images of the whole
    feed are fetched in one query rather than one per article (Wagtail's StreamBlock does
    per-stream lookups otherwise)."""
    articles = list(articles)
    stream_block = ArticlePage._meta.get_field("body").stream_block
    bodies = stream_block.bulk_to_python([article.body.raw_data for article in articles])
    for article, body in zip(articles, bodies, strict=True):
        article.body = body
    return articles


@dataclass(frozen=True)
class FeedPicture:
    """An item's picture as <enclosure> and <media:content> name it; `length` is None when
    its file cannot be read (no <enclosure> then)."""

    url: str
    kind: str
    width: int
    height: int
    length: int | None


def feed_picture(article, request, site_name):
    """The article's share picture with its MIME type and size in bytes, or None. The
    eyecatch's rendition is looked up once (prefetched by the feed's query)."""
    rendition = None
    if article.hero_image:
        rendition = get_rendition_or_not_found(article.hero_image, SHARE_SPEC)
    picture = share_picture(article, request, rendition)
    if picture is None:
        return None
    kind = mimetypes.guess_type(picture.url)[0] or "image/png"
    length = share_picture_length(article, site_name, rendition)
    return FeedPicture(picture.url, kind, picture.width, picture.height, length)


class FullContentRss(Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:media": "http://search.yahoo.com/mrss/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content_encoded"])
        if item["media_content"]:
            handler.addQuickElement("media:content", attrs=item["media_content"])


class LatestArticlesFeed(Feed):
    feed_type = FullContentRss
    description = _("The latest articles, in full.")

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
        return None

    def title(self, obj=None):
        return self.site.site_name

    def link(self, obj=None):
        return self.site.root_url + "/"

    def articles(self):
        # Full bodies are needed here, so no defer_streamfields(); the list is short.
        return (
            published_articles()
            .descendant_of(self.site.root_page, inclusive=True)
            .select_related("author", "hero_image")
            .prefetch_related(
                "tags", "categories", Prefetch("hero_image__renditions", renditions_of(SHARE_SPEC))
            )
            .order_by("-first_published_at", "-pk")
        )

    def items(self, obj=None):
        return with_bodies(self.articles()[:FEED_LENGTH])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_categories(self, item):
        """The primary category first, then the tags (each a <category> of the item)."""
        category = item.primary_category_or_first
        tags = [tag.name for tag in item.tags.all()]
        return [category.name, *tags] if category else tags

    def item_picture(self, item):
        """The item's FeedPicture, or None: made once, read by the enclosure and the media."""
        if not hasattr(item, "feed_picture"):
            item.feed_picture = feed_picture(item, self.request, self.site.site_name)
        return item.feed_picture

    def item_enclosures(self, item):
        picture = self.item_picture(item)
        if picture is None or picture.length is None:
            return []
        return [Enclosure(picture.url, str(picture.length), picture.kind)]

    def item_extra_kwargs(self, item):
        html = render_to_string("articles/includes/body.html", {"page": item}, self.request)
        picture = self.item_picture(item)
        image = {}
        if picture:
            image = {"url": picture.url, "medium": "image", "type": picture.kind}
            image.update(width=str(picture.width), height=str(picture.height))
        return {"content_encoded": absolute_links(html, self.site.root_url), "media_content": image}


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, tag_slug=None, **kwargs):
        super().get_object(request)
        return get_object_or_404(Tag, slug=tag_slug)

    def title(self, obj=None):
        return f"{self.site.site_name} — #{obj.name}"

    def items(self, obj=None):
        return with_bodies(self.articles().filter(tags=obj)[:FEED_LENGTH])


class CategoryFeed(LatestArticlesFeed):
    """The articles of a category and of every category below it, as its page lists them."""

    def get_object(self, request, category=None, index=None, **kwargs):
        super().get_object(request)
        self.index = index
        return category

    def title(self, obj=None):
        return f"{self.site.site_name} — {obj}"

    def link(self, obj=None):
        return site_address.absolute_url(self.index.category_url(obj), self.request)

    def items(self, obj=None):
        in_category = self.articles().filter(categories__in=obj.with_descendant_ids())
        return with_bodies(in_category.distinct()[:FEED_LENGTH])
