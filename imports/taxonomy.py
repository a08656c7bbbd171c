"""WordPress categories and tags: categories (with their parents) → articles.Category, tags stay
tags; and the redirects of their old archive addresses (/category/parent/child/, /tag/slug/)."""

from wagtail.contrib.redirects.models import Redirect

from taggit.models import Tag

from articles.models import ArticlePageTag, Category

from .redirects import category_paths, sync_redirects
from .text import make_slug, truncate
from .wxr import WPTerm

# WordPress's default category: every post without one is in it, so it says nothing.
DEFAULT_CATEGORIES = {"uncategorized", "未分類"}


def is_default(slug, name):
    return slug in DEFAULT_CATEGORIES or name in DEFAULT_CATEGORIES


def taxonomy(export):
    """{"category": [WPTerm], "post_tag": [WPTerm]}: the terms listed at the top of the file,
    and those only named in items (WordPress.com exports may list none), each once."""
    found = {"category": {t.slug: t for t in export.categories}, "post_tag": {}}
    found["post_tag"].update({t.slug: t for t in export.tags})
    for item in export.items:
        for domain, slug, name in item.categories:
            if domain in found and slug and slug not in found[domain]:
                found[domain][slug] = WPTerm(slug=slug, name=name)
    return {kind: list(terms.values()) for kind, terms in found.items()}


def item_terms(item):
    """(category slugs, tag names) of one item, the default category left out."""
    categories, tags = [], []
    for domain, slug, name in item.categories:
        if domain == "category" and slug and not is_default(slug, name):
            categories.append(slug)
        elif domain == "post_tag" and name and truncate(name, 100) not in tags:
            tags.append(truncate(name, 100))
    return categories, tags


def primary_category_slug(item, category_slugs, slugs_by_term_id):
    """The slug of a post's primary category: the one Yoast SEO records in
    _yoast_wpseo_primary_category (a term id) when it is one of the post's categories, else
    the first category listed; "" without one."""
    yoast = slugs_by_term_id.get(item.meta.get("_yoast_wpseo_primary_category", "").strip())
    if yoast in category_slugs:
        return yoast
    return category_slugs[0] if category_slugs else ""


def import_categories(terms, report):
    """{WordPress slug: Category}. A category with the same slug is reused as it is; the new
    ones are created (in one query) and put inside their WordPress parent."""
    terms = [term for term in terms if term.slug and not is_default(term.slug, term.name)]
    slugs = {term.slug: make_slug(term.slug, fallback="category", max_length=100) for term in terms}
    found = {c.slug: c for c in Category.objects.filter(slug__in=set(slugs.values()))}
    new = [
        Category(
            name=truncate(term.name or term.slug, 100),
            slug=slugs[term.slug],
            description=truncate(term.description, 1000),
        )
        for term in terms
        if slugs[term.slug] not in found
    ]
    for category in Category.objects.bulk_create(new):
        found[category.slug] = category
    by_wordpress_slug = {term.slug: found[slugs[term.slug]] for term in terms}
    created = {category.slug for category in new}
    with_parent = []
    for term in terms:
        category, parent = by_wordpress_slug[term.slug], by_wordpress_slug.get(term.parent)
        if category.slug in created and parent is not None and parent is not category:
            category.parent = parent
            with_parent.append(category)
    Category.objects.bulk_update(with_parent, ["parent"])
    report.count("categories", len(new))
    return by_wordpress_slug


def archive_redirects(export, index, categories, site, report):
    """/category/…/ → the category's page, /tag/slug/ → the tag's page, for the terms of
    the export that the site now has (tags: only those some article carries)."""
    terms = taxonomy(export)
    paths_by_slug = category_paths(terms["category"])
    for slug, category in categories.items():
        sync_redirects(None, paths_by_slug[slug], site, report, link=index.category_url(category))
    names = {term.name for term in terms["post_tag"]}
    used = ArticlePageTag.objects.filter(tag__name__in=names).values("tag_id")
    tags = {tag.name: tag for tag in Tag.objects.filter(pk__in=used)}
    for term in terms["post_tag"]:
        tag = tags.get(term.name)
        if tag is not None:
            path = Redirect.normalise_path(f"/tag/{term.slug}")
            sync_redirects(None, [path], site, report, link=index.tag_url(tag))
