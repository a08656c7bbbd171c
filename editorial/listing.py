"""「記事の状態」: every article with its state and dates in one flat, sortable list.

Wagtail's page explorer already shows a status tag per page (translated in locale_overrides/:
下書き, 予約済み, 公開中, 期限切れ), but not *when* an article goes live or expires; this
listing adds those dates. It is a PageListingViewSet, so filters, search, sorting and the
bulk actions work as in the explorer.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from articles.models import ArticlePage

from . import states


class MomentColumn(Column):
    """An absolute date and time (予約日時 must be exact, not "in 3 hours")."""

    cell_template_name = "editorial/cells/moment.html"


class ArticleStatesIndexView(IndexView):
    page_title = _("Article states")

    def get_base_queryset(self):
        return states.with_schedule(super().get_base_queryset()).select_related("author")


class ArticleStatesViewSet(PageListingViewSet):
    model = ArticlePage
    index_view_class = ArticleStatesIndexView
    name = "editorial_article_states"
    icon = "calendar-alt"
    menu_label = _("Article states")
    menu_order = 150
    add_to_admin_menu = True
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        Column(
            "state", label=_("State"), accessor=states.state_label, sort_key="live", width="13%"
        ),
        MomentColumn("scheduled_at", label=_("Goes live"), sort_key="scheduled_at", width="11%"),
        MomentColumn("expire_at", label=_("Expires"), sort_key="expire_at", width="11%"),
        MomentColumn(
            "first_published_at",
            label=_("First published"),
            sort_key="first_published_at",
            width="11%",
        ),
        DateColumn(
            "latest_revision_created_at",
            label=_("Last edited"),
            sort_key="latest_revision_created_at",
            width="9%",
        ),
        Column("author", label=_("Author"), accessor=lambda page: page.author or "—", width="9%"),
    ]
