"""Turning converted content into ArticlePages: the article list to import into, the lead, and
creating or updating a page with a new revision (publishing is the caller's decision)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wagtail.coreutils import find_available_slug
from wagtail.models import PageViewRestriction

from articles.models import ArticleIndexPage, ArticlePage, Author

from .html_to_blocks import first_paragraph_text
from .text import collapse_whitespace, make_slug, strip_spaces, truncate

TITLE_MAX = 255
LEAD_MAX = 600  # ArticlePage.lead max_length
SLUG_MAX = 200


class ImportProblem(Exception):
    """An expected problem that stops one import, with a message for the person importing."""


@dataclass
class ArticleData:
    title: str
    lead: str
    body: list
    slug: str = ""
    tags: list = field(default_factory=list)
    categories: list = field(default_factory=list)  # articles.Category
    primary_category: object = None  # one of `categories`; None: the first of them
    author: object = None
    hero_image: object = None
    hero_image_alt: str = ""
    pinned: bool = False


def article_indexes():
    return ArticleIndexPage.objects.order_by("path")


def find_index(slug=None):
    """The article list to import into: by slug, else the first one."""
    indexes = article_indexes()
    if slug:
        found = indexes.filter(slug=slug).first()
        if found is None:
            available = ", ".join(indexes.values_list("slug", flat=True)) or "-"
            raise ImportProblem(
                _("No article list has the slug “%(slug)s”. Available: %(slugs)s")
                % {"slug": slug, "slugs": available}
            )
        return found
    found = indexes.first()
    if found is None:
        raise ImportProblem(_("The site has no article list yet: create one first."))
    return found


def find_author(name_or_slug):
    """The author profile with this address name (slug), else with exactly this name (as
    written, family name first: 山田 花子)."""
    value = name_or_slug.strip()
    found = Author.objects.filter(slug=value).first() or Author.objects.filter(name=value).first()
    if found is None:
        available = ", ".join(Author.objects.values_list("slug", flat=True)) or "-"
        raise ImportProblem(
            _("No author profile has the address name or name “%(author)s”. Available: %(slugs)s")
            % {"author": value, "slugs": available}
        )
    return found


def split_lead(blocks):
    """(lead text, body). The lead is the first paragraph; when it comes before the first
    heading it is the article's introduction, shown under the title, so it leaves the body.
    After a heading it opens a section, so it stays there as well."""
    position, text = first_paragraph_text(blocks)
    if position is None:
        return "", blocks
    first_heading = next(
        (i for i, (block_type, _value) in enumerate(blocks) if block_type == "heading"),
        len(blocks),
    )
    if position < first_heading and len(blocks) > 1:
        blocks = blocks[:position] + blocks[position + 1 :]
    return one_line(text), blocks


def one_line(text):
    """Text on one line: a line break between Japanese characters just goes away."""
    return strip_spaces(collapse_whitespace(text))


def clean_data(data, report, *, page_class=ArticlePage, allow_empty=False):
    """Fit the data to the page's field limits, reporting what had to be shortened. An empty
    body stops the import unless `allow_empty` (the caller then saves a draft)."""
    if not data.body and not allow_empty:
        raise ImportProblem(_("There is no text to import."))
    data.title = truncate(data.title.strip(), TITLE_MAX) or _("(untitled)")
    lead_max = page_class._meta.get_field("lead").max_length
    if len(data.lead) > lead_max:
        report.note(_("The lead was shortened to %(max)d characters.") % {"max": lead_max})
        data.lead = truncate(data.lead, lead_max)
    if not data.lead:
        report.warn(_("No lead found: the title was used. Write a lead before publishing."))
        data.lead = data.title
    data.slug = make_slug(data.slug or data.title, max_length=SLUG_MAX)
    return data


def apply_data(page, data):
    """The data onto an ArticlePage, or onto a fixed page (StandardPage: title, lead, body)."""
    page.title = data.title
    page.lead = data.lead
    page.body = data.body
    if isinstance(page, ArticlePage):
        page.author = data.author
        page.hero_image = data.hero_image
        page.hero_image_alt = data.hero_image_alt if data.hero_image else ""
        page.pinned = data.pinned
        page.tags.set(data.tags)
        page.categories.set(data.categories)
        page.primary_category = data.primary_category or next(iter(data.categories), None)


def create_page(parent, page, data, *, user=None):
    """`page` (a new, unsaved page of any imported type) filled with `data` and added under
    `parent`, with its first revision saved. The slug gets a number when a sibling already
    uses it."""
    page.live = False
    apply_data(page, data)
    page.slug = find_available_slug(parent, data.slug)
    parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    return page, revision


def create_article(index, data, *, owner=None, user=None, **fields):
    """A new ArticlePage (not live) under `index`, with its first revision saved."""
    return create_page(index, ArticlePage(owner=owner, **fields), data, user=user)


def protect_with_password(page, password):
    """Wagtail's own password restriction (the reader types it on Wagtail's password page),
    created or given the new password. A restriction of another kind is left alone."""
    restriction, _created = PageViewRestriction.objects.get_or_create(
        page=page,
        restriction_type=PageViewRestriction.PASSWORD,
        defaults={"password": password},
    )
    if restriction.password != password:
        restriction.password = password
        restriction.save(update_fields=["password"])
    return restriction


def update_article(page, data, *, user=None):
    """A new revision of an existing page with the imported content (live pages stay live
    until the caller publishes the revision)."""
    apply_data(page, data)
    if page.slug != data.slug:
        page.slug = find_available_slug(page.get_parent(), data.slug, ignore_page_id=page.pk)
    return page.save_revision(user=user, log_action=True)
