"""Dashboard panels: 予約公開 (what goes live when), 下書き (not published yet) and
レビュー待ち (waiting for an editor), each with links straight into the editor."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from articles.models import ArticlePage

from . import states

PANEL_ROWS = 10


def explorable_ids(user):
    return set(PagePermissionPolicy().explorable_instances(user).values_list("pk", flat=True))


class EditorialPanel(Component):
    template_name = "editorial/panels/page_list.html"
    heading = ""
    empty_text = ""
    icon = "doc-full"
    show_links = False  # the links to the list and the guide, under the first panel only

    def rows(self, user):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "panel": self,
            "rows": self.rows(request.user),
            "guide_url": reverse("editorial_guide"),
            "states_url": reverse("editorial_article_states:index"),
        }


class ScheduledPanel(EditorialPanel):
    name = "editorial_scheduled"
    order = 90
    heading = _("Scheduled")
    icon = "calendar-alt"
    empty_text = _("No article is scheduled.")
    time_label = _("Goes live")
    last_column_label = _("Expires")
    show_links = True

    def rows(self, user):
        allowed = explorable_ids(user)
        return [
            {"page": page, "time": revision.approved_go_live_at, "expire_at": page.expire_at}
            for revision, page in states.scheduled_pages(limit=50)
            if page.pk in allowed
        ][:PANEL_ROWS]


class DraftsPanel(EditorialPanel):
    name = "editorial_drafts"
    order = 95
    heading = _("Drafts")
    icon = "edit"
    empty_text = _("No drafts.")
    time_label = _("Last edited")
    last_column_label = _("Created by")

    def rows(self, user):
        pages = (
            states.with_schedule(ArticlePage.objects.filter(live=False, expired=False))
            .filter(scheduled_at__isnull=True, pk__in=explorable_ids(user))
            .exclude(pk__in=self._in_review_ids())
            .select_related("owner")
            .order_by("-latest_revision_created_at")[:PANEL_ROWS]
        )
        return [
            {"page": page, "time": page.latest_revision_created_at, "owner": page.owner}
            for page in pages
        ]

    @staticmethod
    def _in_review_ids():
        return [int(pk) for pk in states.active_reviews().values_list("object_id", flat=True)]


class ReviewPanel(EditorialPanel):
    name = "editorial_review"
    order = 100
    heading = _("Awaiting review")
    icon = "tasks"
    empty_text = _("No article is waiting for review.")
    time_label = _("Submitted")
    last_column_label = _("Submitted by")

    def rows(self, user):
        allowed = explorable_ids(user)
        workflow_states = list(states.active_reviews(limit=50))
        pages = Page.objects.in_bulk([int(s.object_id) for s in workflow_states])
        rows = []
        for state in workflow_states:
            page = pages.get(int(state.object_id))
            if page is None or page.pk not in allowed:
                continue
            rows.append(
                {
                    "page": page.specific_deferred,
                    "time": state.created_at,
                    "owner": state.requested_by,
                    "status": (
                        states.IN_REVIEW
                        if state.status == state.STATUS_IN_PROGRESS
                        else states.CHANGES_REQUESTED
                    ),
                }
            )
        return rows[:PANEL_ROWS]


def editorial_panels():
    return [ScheduledPanel(), DraftsPanel(), ReviewPanel()]
