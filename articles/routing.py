"""The pages above a page, as Wagtail's routing passed them.

Wagtail's `Page.route()` finds each level of an address and hands every page it finds its
parent (treebeard's `get_parent()` then answers without a query), so along the way to an
article the home page and the list are known: the breadcrumbs, the article's list and the
privacy check read them from `get_parent()`. A page found another way (a preview, a
queryset) reads each parent once, as treebeard does.
"""

from django.db.models import Q

from wagtail.models import PageViewRestriction


def ancestors_below_root(page):
    """The pages above `page` but the tree's root, the highest first."""
    ancestors = []
    while (page.depth or 0) > 2:  # the root's parent is never asked for
        page = page.get_parent()
        if page is None:
            break
        ancestors.append(page)
    return ancestors[::-1]


def view_restrictions(page):
    """The view restrictions that apply to `page` in one query, or None when it or a page
    above it is an alias (an alias takes its original's restrictions: Wagtail's own
    `get_view_restrictions()` resolves that). Wagtail's reads the pages above again first."""
    passed = [*ancestors_below_root(page), page]
    if any(each.alias_of_id for each in passed):
        return None
    return PageViewRestriction.objects.filter(
        Q(page_id__in=[each.pk for each in passed]) | Q(page__depth=1)  # and the tree's root
    )
