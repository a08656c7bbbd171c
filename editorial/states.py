"""An article's editorial state and dates, as the dashboard and the 「記事の状態」 list show
them (下書き, 予約済み, 公開中, 期限切れ, レビュー待ち, 修正依頼中 in Japanese)."""

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, Revision, WorkflowState

DRAFT = _("Draft")
SCHEDULED = _("Scheduled")
LIVE = _("Live")
EXPIRED = _("Expired")
IN_REVIEW = _("In review")
CHANGES_REQUESTED = _("Changes requested")


def scheduled_revisions():
    """Page revisions approved to go live later, soonest first."""
    return Revision.page_revisions.filter(approved_go_live_at__isnull=False).order_by(
        "approved_go_live_at"
    )


def with_schedule(pages):
    """Annotate pages with `scheduled_at`: when their approved revision goes live (or None)."""
    scheduled = scheduled_revisions().filter(
        object_id=Cast(OuterRef("pk"), output_field=CharField())
    )
    return pages.annotate(scheduled_at=Subquery(scheduled.values("approved_go_live_at")[:1]))


def workflow_status(page):
    """WorkflowState status of the page's current review, or None."""
    state = getattr(page, "_current_workflow_state", None)
    if state is None:
        state = page.current_workflow_state
    return state.status if state else None


def state_label(page):
    """One short label: 下書き, 予約済み, 公開中, 期限切れ, レビュー待ち or 修正依頼中.

    A live article that also has a scheduled or pending newer version says so in brackets.
    """
    scheduled = getattr(page, "scheduled_at", None) is not None or (
        not hasattr(page, "scheduled_at") and page.approved_schedule
    )
    review = workflow_status(page)
    review_label = {
        WorkflowState.STATUS_IN_PROGRESS: IN_REVIEW,
        WorkflowState.STATUS_NEEDS_CHANGES: CHANGES_REQUESTED,
    }.get(review)
    if not page.live:
        if page.expired:
            return EXPIRED
        if scheduled:
            return SCHEDULED
        return review_label or DRAFT
    if scheduled:
        return _("Live (update scheduled)")
    if review_label:
        return _("Live (update: %(state)s)") % {"state": review_label}
    if page.has_unpublished_changes:
        return _("Live (unpublished changes)")
    return LIVE


def scheduled_pages(user=None, limit=None):
    """(revision, page) pairs waiting for their go-live time, soonest first."""
    revisions = scheduled_revisions()
    if limit:
        revisions = revisions[:limit]
    pages = Page.objects.in_bulk([int(r.object_id) for r in revisions])
    pairs = []
    for revision in revisions:
        page = pages.get(int(revision.object_id))
        if page is not None:
            pairs.append((revision, page.specific_deferred))
    return pairs


def active_reviews(limit=None):
    """Workflow states of pages in review or sent back for changes, newest first."""
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type__app_label="wagtailcore", base_content_type__model="page")
        .select_related("requested_by", "current_task_state__task", "workflow")
        .order_by("-created_at")
    )
    return states[:limit] if limit else states
