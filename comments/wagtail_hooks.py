from django.urls import path

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .admin_reply import reply
from .admin_views import (
    BULK_ACTIONS,
    CommentViewSet,
    PendingCommentsPanel,
    comment_policy,
    listing_buttons,
)
from .models import BlogComment

# Before the viewset is registered, or Wagtail creates its default policy (with "add").
register_permission_policy(BlogComment, comment_policy)
register_snippet(CommentViewSet)

for action in BULK_ACTIONS:
    hooks.register("register_bulk_action", action)

hooks.register("register_snippet_listing_buttons", listing_buttons)


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    if comment_policy.user_has_any_permission(request.user, {"change", "delete"}):
        panels.append(PendingCommentsPanel())


@hooks.register("register_admin_urls")
def register_reply_url():
    return [path("comment-replies/<int:pk>/", reply, name="comments_admin_reply")]
