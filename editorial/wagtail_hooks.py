"""Admin additions: dashboard panels, the 「記事の状態」 listing, the editor guide and the sites
screens with Japanese headings."""

from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from articles.models import Author

from . import views
from .listing import ArticleStatesViewSet
from .panels import editorial_panels
from .permissions import AuthorProfilePolicy
from .sites import site_viewset

# Before articles/wagtail_hooks.py registers the Author viewset (editorial comes first in
# INSTALLED_APPS), or Wagtail gives the viewset its default, model-wide policy.
author_profile_policy = AuthorProfilePolicy(Author)
register_permission_policy(Author, author_profile_policy)


@hooks.register("before_edit_snippet")
def only_own_author_profile(request, instance):
    # Wagtail's edit view asks the policy about the model, not this instance: ask here.
    if isinstance(instance, Author) and not author_profile_policy.user_has_permission_for_instance(
        request.user, "change", instance
    ):
        raise PermissionDenied


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    panels.extend(editorial_panels())


@hooks.register("register_admin_viewset")
def register_article_states():
    return ArticleStatesViewSet()


hooks.register("register_admin_viewset", site_viewset)


@hooks.register("register_admin_urls")
def register_guide_urls():
    # Wagtail wraps these in its admin-access check: only logged-in admin users see them.
    return [
        path("editorial/guide/", views.guide, name="editorial_guide"),
        path("editorial/guide/images/<str:name>", views.guide_image, name="editorial_guide_image"),
    ]


@hooks.register("register_admin_menu_item")
def register_guide_menu_item():
    return MenuItem(_("Editor guide"), reverse("editorial_guide"), icon_name="help", order=10000)


# Wagtail's help menu links to its English release notes and online guide; this site's guide
# (above) replaces them. The keyboard-shortcuts item stays.
ENGLISH_HELP_ITEMS = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def remove_english_help_links(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(ENGLISH_HELP_ITEMS)]


@hooks.register("insert_editor_js")
def body_count_script():
    # The message is translated here and handed over in a data attribute: no inline script.
    message = _("Body: %(characters)s characters, about %(minutes)s min to read")
    return format_html(
        '<script src="{}" data-field="body" data-format="{}" defer></script>',
        static("editorial/js/body-count.js"),
        message,
    )
