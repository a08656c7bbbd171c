"""What the sidebar (desktop) and the foot of each page (phone) offer for finding more to
read: the blog's categories as a tree, its most used tags, and every tag with its count for
the tag overview page (/articles/tag/).

The sidebar's authors and lists are kept in Django's cache as HTML, under the tokens of the
`site` and `lists` scopes (caching/keys.py): read from the database and rendered again exactly
when a category, a tag, an author or a publication changes them, they cost no query and no
template work on the pages between."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import get_language

from wagtail.images.shortcuts import get_rendition_or_not_found

from caching.keys import kept_for_readers

from .models import ArticleIndexPage, Author, Category, published_articles

SIDEBAR_TAGS = 20
SIDEBAR_AUTHORS = 3
SIDEBAR_PORTRAIT = "fill-128x128"  # shown 64 pixels wide: sharp on a 2x screen
PROFILES_TEMPLATE = "includes/sidebar_profiles.html"
LISTS_TEMPLATE = "includes/sidebar_lists.html"


@dataclass(frozen=True)
class Profile:
    """An author as the sidebar shows them: kept as plain values, portrait address included,
    so a page view reads no image or rendition for it."""

    name: str
    url: str
    bio: str
    portrait_url: str = ""


def profile(author, url):
    portrait = author.avatar and get_rendition_or_not_found(author.avatar, SIDEBAR_PORTRAIT)
    return Profile(author.name, url, author.bio, portrait.url if portrait else "")


@dataclass
class CategoryNode:
    name: str
    url: str
    children: list = field(default_factory=list)


def tag_counts(index):
    """(tag, number of published articles in the list) for every tag in use, most used
    first: one query."""
    from taggit.models import Tag

    articles = published_articles().child_of(index)
    return (
        Tag.objects.filter(articles_articlepagetag_items__content_object__in=articles)
        .annotate(count=Count("articles_articlepagetag_items", distinct=True))
        .order_by("-count", "name")
    )


def category_tree(index):
    """Top-level categories with their subcategories below them, in the editors' order. A
    category in a loop of parents (refused by the form, possible in imported data) is not
    reachable from the top and is left out rather than followed forever."""
    children_of = {}
    for category in Category.linked().values():  # parents in memory: one query for the URLs
        children_of.setdefault(category.parent_id, []).append(category)
    known = {category.pk for siblings in children_of.values() for category in siblings}
    orphans = [c for parent, cs in children_of.items() if parent not in known for c in cs]

    def nodes(categories, seen):
        return [
            CategoryNode(c.name, index.category_url(c), nodes(children_of.get(c.pk, []), seen))
            for c in categories
            if not (c.pk in seen or seen.add(c.pk))
        ]

    return nodes(orphans, set())


def sidebar_data(page, request=None):
    """The sidebar's authors and lists as HTML, rendered once per change of what they show
    and per language (its headings are translated). A page outside any article list (home,
    search) uses the site's first list, found only when building."""
    known = index_of(page)

    def build():
        index = known or ArticleIndexPage.objects.live().first()
        if index is None:
            return {}
        tags = [(tag.name, index.tag_url(tag)) for tag in tag_counts(index)[:SIDEBAR_TAGS]]
        authors = [
            profile(author, index.author_url(author))
            for author in Author.objects.select_related("avatar")[:SIDEBAR_AUTHORS]
        ]
        lists = {
            "categories": category_tree(index),
            "tags": tags,
            "all_tags_url": index.url + index.reverse_subpage("tags"),
        }
        return {
            "profiles_html": render_to_string(PROFILES_TEMPLATE, {"authors": authors}),
            "lists_html": render_to_string(LISTS_TEMPLATE, lists),
        }

    name = f"sidebar:{known.pk if known else 'site'}:{get_language()}"
    return kept_for_readers(name, build, request)


def index_of(page):
    """The article list a page belongs to: itself or its parent (an article), else None."""
    if isinstance(page, ArticleIndexPage):
        return page
    found = getattr(page, "index_page", None)
    return found if isinstance(found, ArticleIndexPage) else None


def menu_links(site, request=None):
    """(url, title) of the site's top pages marked "show in menus", for the header: built once
    per change of the site (publishing any page other than an article changes it)."""
    if site is None:
        return []

    def build():
        pages = site.root_page.get_children().live().in_menu()
        return [(page.get_url(request=request), page.title) for page in pages]

    return kept_for_readers(f"menu:{site.pk}", build, request)
