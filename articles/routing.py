"""The way from an address to an article, read once.

Wagtail routes each level of /articles/<slug>/ with two queries (the page, then its own type)
and forgets the pages it passed. `HomePage.route()` and `ArticleIndexPage.route()` override
Wagtail's documented `Page.route()` to look the next level up directly by its type (one query
a level; any other child is left to Wagtail), and hand it the pages above it: its
breadcrumbs and links need no further query. The article comes with its author, eyecatch and
the renditions its page shows (prefetched renditions are also the only ones Wagtail does not
write back to the cache on every view, which costs more than the query on a file cache).
"""

from django.db.models import Prefetch, Q

from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import PageViewRestriction

from .eyecatch import AVATAR_SPEC, HERO_SPEC, SHARE_SPEC

# Text kept for search alone (search/): a reader's view never shows it.
SEARCH_ONLY_FIELDS = ("plain_body", "plain_headings")


def renditions_of(*specs):
    """Prefetch query for the renditions of these filter specs ("format-{avif,webp} ..."
    expanded) of an image."""
    rendition_model = get_image_model().get_rendition_model()
    expanded = [name for spec in specs for name in Filter.expand_spec(spec)]
    return rendition_model.objects.filter(filter_spec__in=expanded)


def routed_child(parent, child):
    """`child`, found by `parent`'s route, learns the pages above it (breadcrumbs)."""
    if child is None:
        return None
    child.routed_ancestors = [*getattr(parent, "routed_ancestors", []), parent]
    return child


def known_ancestors(page):
    """The page's ancestors below the tree's root, from the routing when it passed them all
    (a site whose home page is at the top of the tree), else from the database."""
    if passed_every_ancestor(page):
        return page.routed_ancestors
    return list(page.get_ancestors().filter(depth__gt=1))


def passed_every_ancestor(page):
    """Whether routing handed `page` every page above it but the tree's root (a site whose
    home page is at the top of the tree)."""
    routed = getattr(page, "routed_ancestors", None)
    return bool(routed) and routed[0].depth == 2 and len(routed) == page.depth - 2


def article_for_reader(index, slug):
    """The article `slug` in the list `index` with what its page shows joined or prefetched
    (a draft too: Wagtail's route refuses it), or None."""
    from .models import ArticlePage

    articles = (
        ArticlePage.objects.child_of(index)
        .select_related("author__avatar", "hero_image")
        .prefetch_related(
            Prefetch("hero_image__renditions", renditions_of(SHARE_SPEC, HERO_SPEC)),
            Prefetch("author__avatar__renditions", renditions_of(AVATAR_SPEC)),
        )
        .defer(*SEARCH_ONLY_FIELDS)
    )
    return routed_child(index, one_or_none(articles, slug=slug))


def restrictions_above(page):
    """The view restrictions that apply to `page` in one query, when routing passed every page
    above it and none of them is an alias (an alias takes its original's restrictions: Wagtail
    resolves that); else None. Wagtail's own check first reads the pages above to find
    aliases, which routing already did."""
    if not passed_every_ancestor(page):
        return None
    passed = [*page.routed_ancestors, page]
    if any(each.alias_of_id for each in passed):
        return None
    return PageViewRestriction.objects.filter(
        Q(page_id__in=[each.pk for each in passed]) | Q(page__depth=1)  # and the tree's root
    )


def one_or_none(queryset, **lookups):
    """The one row matching (slugs are unique among siblings), or None. get() leaves out the
    ORDER BY that first() adds: compiling the tree's ordering costs more than the query."""
    try:
        return queryset.get(**lookups)
    except queryset.model.DoesNotExist:
        return None
