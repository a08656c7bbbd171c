"""Admin additions: dashboard panels, the 「記事の状態」 listing and the editor guide."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .listing import ArticleStatesViewSet
from .panels import editorial_panels


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    panels.extend(editorial_panels())


@hooks.register("register_admin_viewset")
def register_article_states():
    return ArticleStatesViewSet()


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
