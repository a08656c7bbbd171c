"""The way to an article and what its page shows of its author and eyecatch (issue #13,
session 7), measured in one process, the two ways in turn, so that a busy machine slows both
alike:

- session 6: `HomePage.route()` and `ArticleIndexPage.route()` overrode Wagtail's route to read
  the list, then the article joined with its author, portrait and eyecatch and their
  renditions prefetched (rebuilt here from the removed `articles/routing.py`); the page then
  made the hero's <picture>, its preload and the portrait's rendition from those rows;
- session 7: Wagtail's own `Page.route()` (a page, then its own type, a level), and the author
  and eyecatch read from the form stored on the article's row
  (`articles/author_and_eyecatch.py`).

Both end with the privacy check Wagtail makes before the view (ours, one query). Worker CPU,
median of 300 each, the long benchmark article (eyecatch, author with a portrait) and one
with neither:

    scripts/with-postgres .venv/bin/python bench/route_reads.py
"""

from environment import (  # bench/environment.py (on sys.path)
    median_cpu_ms,
    prepare_site,
    setup_django,
)

setup_django(forced={"PAGE_CACHE_SECONDS": "0"})

from django.db import connection  # noqa: E402
from django.db.models import Prefetch, Q  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from wagtail.images.shortcuts import get_rendition_or_not_found  # noqa: E402
from wagtail.models import PageViewRestriction  # noqa: E402

from articles import author_and_eyecatch  # noqa: E402
from articles.eyecatch import (  # noqa: E402
    AVATAR_SPEC,
    HERO_SPEC,
    SHARE_SPEC,
    hero_pictures,
    hero_preload,
    renditions_of,
)
from articles.models import (  # noqa: E402
    SEARCH_ONLY_FIELDS,
    ArticleIndexPage,
    ArticlePage,
    Author,
)
from home.models import HomePage  # noqa: E402

REPEAT = 300


def median_ms(work):
    return median_cpu_ms(work, REPEAT)


def session_6(home, index_slug, slug):
    """The removed overrides' reads, then what the page made of the rows."""
    index = ArticleIndexPage.objects.child_of(home).get(slug=index_slug)
    article = (
        ArticlePage.objects.child_of(index)
        .select_related("author__avatar", "hero_image")
        .prefetch_related(
            Prefetch("hero_image__renditions", renditions_of(SHARE_SPEC, HERO_SPEC)),
            Prefetch("author__avatar__renditions", renditions_of(AVATAR_SPEC)),
        )
        .defer(*SEARCH_ONLY_FIELDS)
        .get(slug=slug)
    )
    picture, share = hero_pictures(article, article.hero_image_alt)
    preload = hero_preload(picture) if picture else None
    share = share.url if share else None
    portrait = None
    if article.author and article.author.avatar:
        portrait = get_rendition_or_not_found(article.author.avatar, AVATAR_SPEC).url
    # The pages routing passed, the tree's root by its depth: one query.
    passed = [home.pk, index.pk, article.pk]
    restrictions = list(
        PageViewRestriction.objects.filter(Q(page_id__in=passed) | Q(page__depth=1))
    )
    return article.author.name, str(picture), preload, share, portrait, restrictions


def session_7(home, request, path_components):
    """Wagtail's route, then the stored author and eyecatch."""
    article = home.route(request, path_components).page
    stored = article.read_author_and_eyecatch()
    author, shown = author_and_eyecatch.shown_author(stored)
    picture, preload, share = author_and_eyecatch.shown_hero(stored)
    portrait = shown.avatar.get_rendition(AVATAR_SPEC).url if shown and shown.avatar else None
    restrictions = list(article.get_view_restrictions())
    share = share.url if share else None
    return author.name, str(picture), preload, share, portrait, restrictions


def main():
    from home.management.commands.generate_bench_data import TARGET_SLUG

    prepare_site(articles=20, comments=0)
    target = ArticlePage.objects.get(slug=TARGET_SLUG)
    if not target.author.avatar_id:  # the generated authors have no portrait: give one
        target.author.avatar = target.hero_image
        target.author.save()
    # And one with neither eyecatch nor portrait (like the short article of cold_render.py).
    plain = ArticlePage.objects.exclude(pk=target.pk).first()
    bare_author, _ = Author.objects.get_or_create(slug="no-portrait", name="画像 なし")
    ArticlePage.objects.filter(pk=plain.pk).update(
        hero_image=None, author=bare_author, author_and_eyecatch=None
    )
    for label, article in (("eyecatch and portrait", target), ("neither", plain)):
        print(f"article with {label}:")
        compare(article)


def compare(article):
    """Time the two ways to `article`, in turn."""
    index = article.get_parent().specific
    home = HomePage.objects.get()
    request = RequestFactory().get(article.url, HTTP_HOST="localhost")
    ways = {
        "session 6: route overrides, joined rows": lambda: session_6(
            home, index.slug, article.slug
        ),
        "session 7: Wagtail's route, stored on the row": lambda: session_7(
            home, request, [index.slug, article.slug]
        ),
    }
    results = {name: work() for name, work in ways.items()}
    first, second = results.values()
    assert first[:5] == second[:5], "both ways must show the same"
    for name, work in ways.items():
        with CaptureQueriesContext(connection) as queries:
            work()
        print(f"{name:<48} {len(queries)} queries")
    for round_ in (1, 2, 3):
        print(f"round {round_}:")
        for name, work in ways.items():
            print(f"  {name:<48} {median_ms(work):6.3f} ms")


if __name__ == "__main__":
    main()
