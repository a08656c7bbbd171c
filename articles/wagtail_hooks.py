from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from editorial.choosers import TitledSnippetChooserViewSet

from .models import Author, Category


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]
    chooser_viewset_class = TitledSnippetChooserViewSet


register_snippet(AuthorViewSet)


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "slug", "parent", "sort_order"]
    search_fields = ["name"]


register_snippet(CategoryViewSet)
