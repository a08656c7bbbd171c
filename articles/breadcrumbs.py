"""The trail from the home page to the page shown (パンくずリスト): one list for the visible
breadcrumbs and their BreadcrumbList JSON-LD, so the two never disagree. An article's trail
goes through its primary category, a category page's through the categories above it, as
readers of Japanese blogs expect (ホーム › 記事一覧 › 技術 › Python › the article)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from home import site_address

from .routing import ancestors_below_root


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str


def trail(page, request, heading="", category=None):
    """[Crumb] from the home page to the page shown (its URL is the request's path). `heading`
    names a view of `page` (a tag, an author, a category); `category` is the category shown
    or the article's primary one. Nothing for the home page itself."""
    if page is None or page.depth <= 2:
        return []
    ancestors = ancestors_below_root(page)
    crumbs = [Crumb(_("Home") if a.depth == 2 else a.title, a.get_url(request)) for a in ancestors]
    if heading:
        crumbs.append(Crumb(page.title, page.get_url(request)))
    index = page if heading else getattr(page, "index_page", None)
    if category is not None and index is not None:
        sections = category.lineage()[:-1] if heading else category.lineage()
        crumbs += [Crumb(section.name, index.category_url(section)) for section in sections]
    crumbs.append(Crumb(str(heading or page.title), request.path))
    return crumbs


def breadcrumb_list(crumbs, request):
    """schema.org BreadcrumbList for the trail, with absolute URLs, ready for JSON-LD."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.name,
                "item": site_address.absolute_url(crumb.url, request),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }
