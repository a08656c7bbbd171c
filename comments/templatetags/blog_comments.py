"""Template tags for the comment section (named so as not to clash with django-contrib-comments'
`comments` library)."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext

from ..closing import comments_open
from ..forms import CommentForm
from ..models import ARTICLE_MODEL
from ..published import published_comment_id
from ..text import render_comment
from ..threads import comment_tree, render_threads

register = template.Library()


class Section:
    """What the article's comment section shows. The threads (one query) and the count are
    only worked out when used: a cached fragment of the page may already hold them."""

    def __init__(self, page, user, published_id=None):
        self.page = page
        self.published_id = published_id
        is_open = getattr(page, "accepts_comments", None)  # an article knows it already
        self.is_open = comments_open(page) if is_open is None else is_open
        self.comment_user = user if user is not None and user.is_authenticated else None

    @cached_property
    def _tree(self):
        threads = getattr(self.page, "comment_threads", None)  # an article keeps its own
        return threads or comment_tree(self.page, replies_open=self.is_open)

    @property
    def nodes(self):
        return self._tree[0]

    @property
    def threads_html(self):
        return render_threads(self.nodes, self.published_id)

    @property
    def count(self):
        return self._tree[1]

    @property
    def closed_text(self):
        """Under an article that no longer takes comments, or a fixed page, which never does
        (it shows those imported with it)."""
        meta = self.page.specific_class._meta
        if (meta.app_label, meta.model_name) == ARTICLE_MODEL:
            return gettext("Comments are closed for this article.")
        return gettext("Comments are closed for this page.")

    @cached_property
    def form(self):
        return CommentForm(self.page) if self.is_open else None


@register.simple_tag(takes_context=True)
def comment_section(context, page):
    """The threads, the count and a fresh form when comments are open (see Section)."""
    request = context.get("request")
    return Section(page, getattr(request, "user", None), published_comment_id(request))


@register.filter
def comment_html(text):
    """A reader's comment as inert HTML: escaped, nofollow links, paragraphs."""
    return render_comment(text or "")


FORM_FIELDS = "comments/includes/form_fields.html"
READER_FIELDS = {}  # (form class, language): the HTML of unbound_form_fields


@register.simple_tag
def unbound_form_fields(form):
    """The visible fields of a fresh form for a reader who is not logged in: the same markup
    for every article in a language (no value, no error; what names the article is in the
    hidden fields), so rendered once per process and language instead of on every view (four
    field templates, about a twentieth of a short article's view). A bound form is rendered
    as it is, and so is every form while templates may be edited (DEBUG)."""
    context = {"form": form, "comment_user": None}
    if form.is_bound or settings.DEBUG:
        return render_to_string(FORM_FIELDS, context)
    key = (type(form), get_language())
    html = READER_FIELDS.get(key)
    if html is None:
        html = READER_FIELDS[key] = render_to_string(FORM_FIELDS, context)
    return html
