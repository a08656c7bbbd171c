"""The 「コメント」 area of the Wagtail admin: a listing with filters and search, per-row and
bulk actions (approve, hide, spam, delete), and the dashboard panel. Registered in
wagtail_hooks.py."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from editorial import people

from . import moderation, notifications
from .models import BlogComment, Status
from .replies import accepts_replies


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Moderators change and delete every comment; each 著者 views and moderates (change) the
    comments on their own articles; nobody writes one from the admin's generic form.

    Either our proxy's permissions (listed in Settings → Groups) or xtd's own on XtdComment
    (which the editorial roles grant to 編集者) make a moderator.
    """

    def is_moderator(self, user, action):
        return super().user_has_permission(user, action) or user.has_perm(
            f"django_comments_xtd.{action}_xtdcomment"
        )

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        if self.is_moderator(user, action):
            return True
        return action in AUTHOR_ACTIONS and people.is_author(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "add":
            return False
        if self.is_moderator(user, action):
            return True
        return action in AUTHOR_ACTIONS and comments_for(user).filter(pk=instance.pk).exists()


comment_policy = CommentPermissionPolicy(BlogComment)
AUTHOR_ACTIONS = {"view", "change"}


def comments_for(user):
    """The comments a user may see in the admin: all for a moderator (fixed pages' included:
    readers see them), else those on the articles they write."""
    comments = BlogComment.objects.on_site()
    if comment_policy.is_moderator(user, "view"):
        return comments
    if not people.is_author(user):
        return comments.none()
    pks = [str(pk) for pk in people.articles_by(user).values_list("pk", flat=True)]
    return comments.filter(object_pk__in=pks)


def article_choices():
    from articles.models import ArticlePage

    return [(str(page.pk), page.title) for page in ArticlePage.objects.order_by("title")]


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, method="filter_status", empty_label=_("All")
    )
    article = django_filters.ChoiceFilter(
        label=_("Article"),
        choices=article_choices,
        method="filter_article",
        empty_label=_("All"),
    )

    class Meta:
        model = BlogComment
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)

    def filter_article(self, queryset, name, value):
        return queryset.filter(object_pk=value)


def _article_title(comment):
    article = comment.content_object
    return article.title if article is not None else "—"


class CommentViewSet(SnippetViewSet):
    model = BlogComment
    icon = "comment"
    menu_label = _("Comments")
    menu_name = "comments"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "comments"
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "user_name",
        "user_email",
        "user_url",
        "comment",
        "submit_date",
        "ip_address",
        "followup",
    ]
    list_per_page = 50
    ordering = ["-submit_date", "-pk"]
    search_fields = ["comment", "user_name", "user_email"]
    search_backend_name = None  # plain database search: comments are not in the search index
    filterset_class = CommentFilterSet
    list_display = [
        "excerpt",
        Column("user_name", label=_("Name")),
        Column("article", label=_("Article"), accessor=_article_title),
        DateColumn("submit_date", label=_("Posted"), sort_key="submit_date"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda comment: comment.status == Status.PENDING,
        ),
    ]
    # A moderator may correct a name, a link or remove personal data from the text; status
    # changes go through the actions, which keep replies and notifications right.
    panels = [FieldPanel("user_name"), FieldPanel("user_url"), FieldPanel("comment")]

    def get_queryset(self, request):
        return (
            comments_for(request.user)
            .with_spam_flag()
            .select_related("user")
            .prefetch_related("content_object")
        )


# --------------------------------------------------------------------------- actions


class CommentBulkAction(SnippetBulkAction):
    """A moderation action on the selected comments (or one, from its row's menu)."""

    models = [BlogComment]
    template_name = "comments/admin/confirm_bulk_action.html"
    confirm_text = ""
    success_message = None  # ngettext_lazy(..., "count")

    def check_perm(self, obj):
        return comment_policy.user_has_permission_for_instance(self.request.user, "change", obj)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.success_message % {"count": num_parent_objects}


class ApproveBulkAction(CommentBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected comments")
    action_priority = 10
    confirm_text = _("Publish these comments on the site?")
    success_message = ngettext_lazy(
        "%(count)d comment published.", "%(count)d comments published.", "count"
    )

    @classmethod
    def execute_action(cls, objects, **kwargs):
        user = kwargs["self"].request.user
        newly_visible = moderation.approve(objects, user)
        for comment in newly_visible:
            notifications.comment_published(comment, comment.content_object)
        return len(objects), 0


class HideBulkAction(CommentBulkAction):
    display_name = _("Hide")
    action_type = "hide"
    aria_label = _("Hide the selected comments")
    action_priority = 20
    confirm_text = _(
        "Take these comments off the site? Their replies stay visible under a note that the "
        "comment was hidden. You can approve them again later."
    )
    success_message = ngettext_lazy(
        "%(count)d comment hidden.", "%(count)d comments hidden.", "count"
    )

    @classmethod
    def execute_action(cls, objects, **kwargs):
        moderation.hide(objects, kwargs["self"].request.user)
        return len(objects), 0


class SpamBulkAction(CommentBulkAction):
    display_name = _("Mark as spam")
    action_type = "spam"
    aria_label = _("Mark the selected comments as spam")
    action_priority = 25
    classes = {"serious"}
    confirm_text = _(
        "Mark these comments as spam? They are taken off the site, and later comments from "
        "the same email or network address wait for your approval."
    )
    success_message = ngettext_lazy(
        "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", "count"
    )

    @classmethod
    def execute_action(cls, objects, **kwargs):
        moderation.mark_spam(objects, kwargs["self"].request.user)
        return len(objects), 0


BULK_ACTIONS = [ApproveBulkAction, HideBulkAction, SpamBulkAction]


def action_url(action_type, comment, next_url):
    url = reverse("wagtail_bulk_action", args=("comments", "blogcomment", action_type))
    return f"{url}?{urlencode({'id': comment.pk, 'next': next_url})}"


def listing_buttons(comment, user, next_url):
    """Row buttons: the moderation actions that change something for this comment."""
    if not isinstance(comment, BlogComment):
        return []
    if not comment_policy.user_has_permission_for_instance(user, "change", comment):
        return []
    status = comment.status
    buttons = []
    if status != Status.PUBLISHED:
        buttons.append(
            Button(
                _("Approve"),
                action_url("approve", comment, next_url),
                icon_name="check",
                priority=10,
            )
        )
    if status in (Status.PUBLISHED, Status.PENDING):
        buttons.append(
            Button(
                _("Hide"), action_url("hide", comment, next_url), icon_name="no-view", priority=20
            )
        )
    if status != Status.SPAM:
        buttons.append(
            Button(
                _("Mark as spam"),
                action_url("spam", comment, next_url),
                icon_name="warning",
                priority=25,
            )
        )
    if status == Status.PUBLISHED and accepts_replies(comment):
        url = reverse("comments_admin_reply", args=[comment.pk])
        label = pgettext_lazy("comments", "Reply")
        buttons.append(Button(label, url, icon_name="comment", priority=8))
    if status == Status.PUBLISHED and (url := comment.get_absolute_url()):
        buttons.append(Button(_("View on site"), url, icon_name="view", priority=5))
    return buttons


# --------------------------------------------------------------------------- dashboard


class PendingCommentsPanel(Component):
    """Dashboard panel: how many comments wait for approval, with a link to them."""

    name = "pending_comments"
    template_name = "comments/admin/pending_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        count = comments_for(parent_context["request"].user).with_status(Status.PENDING).count()
        url = reverse("wagtailsnippets_comments_blogcomment:list")
        return {"count": count, "url": f"{url}?status={Status.PENDING.value}"}
