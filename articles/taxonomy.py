"""An article's tags and categories kept on its row for its own page (ArticlePage.taxonomy),
read with the article instead of in two more queries on every view.

Stored: {"tags": [[pk, name, slug], ...], "categories": [[pk, ...], ...] (the article's,
in the categories' order), "sections": [[pk, name, slug, parent pk], ...] (those and every
category above them, for the links and breadcrumbs that name the sections above)}. Worked out
by the first view after a change and stored (like the linked articles' ids); a save of the
article drops it, and so does a change to a tag or a category it names (articles/stale.py).
"""

from taggit.models import Tag


def taxonomy_to_store(tags, categories):
    """What is stored for these tags and categories (model instances, in the page's order)."""
    from .models import Category

    linked = Category.linked()  # every category with its parent, one query
    sections = {}
    for category in categories:
        for section in linked.get(category.pk, category).lineage():
            sections[section.pk] = [section.pk, section.name, section.slug, section.parent_id]
    return {
        "tags": [[tag.pk, tag.name, tag.slug] for tag in tags],
        "categories": [category.pk for category in categories],
        "sections": list(sections.values()),
    }


def taxonomy_from_stored(data):
    """(tags, categories) as model instances, the categories' parents attached, read from
    the stored form without a query."""
    from .models import Category

    tags = [Tag(pk=pk, name=name, slug=slug) for pk, name, slug in data["tags"]]
    by_pk = {
        pk: Category(pk=pk, name=name, slug=slug, parent_id=parent_id)
        for pk, name, slug, parent_id in data["sections"]
    }
    for section in by_pk.values():
        if section.parent_id in by_pk:
            section.parent = by_pk[section.parent_id]
    return tags, [by_pk[pk] for pk in data["categories"] if pk in by_pk]
