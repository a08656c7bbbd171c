"""Admin menu item and URL of the Markdown import, and the redirect of old WordPress short
links (/?p=123), which the redirects middleware cannot see (see redirects.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .redirects import serve_query_redirect


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_import(request.user)


@hooks.register("register_admin_urls")
def register_import_urls():
    # Wagtail wraps these in its admin-access check; the view checks the add permission.
    return [path("import/", views.MarkdownImportView.as_view(), name="imports_markdown")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Import"), reverse("imports_markdown"), icon_name="download", order=250)


hooks.register("before_serve_page", serve_query_redirect)
