"""The sites screens (設定 → サイト) with every column heading in the reader's language.

Wagtail's own list names three of its columns after their field names: "Port", "Site name"
and "Root page" are plain English text, beyond the reach of any catalogue. `wagtail.sites`
(which only registers its viewset and menu item) is therefore left out of INSTALLED_APPS,
and its viewset is registered here under the same name and address, with each such column
labelled by its field's translated name. Views, form and permission checks stay Wagtail's.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.models import Site
from wagtail.sites import views as wagtail_sites


def labelled(column):
    """A column headed by its field's verbose name where Wagtail gave it none of its own."""
    if type(column) is not Column or column.label != capfirst(column.name.replace("_", " ")):
        return column
    label = capfirst(Site._meta.get_field(column.name).verbose_name)
    return Column(column.name, label=label, sort_key=column.sort_key)


class IndexView(wagtail_sites.IndexView):
    columns = [labelled(column) for column in wagtail_sites.IndexView.columns]


class SiteViewSet(wagtail_sites.SiteViewSet):
    index_view_class = IndexView
    add_to_settings_menu = True
    menu_label = _("Sites")
    menu_name = "sites"
    menu_order = 602  # where Wagtail puts it


def site_viewset():
    return SiteViewSet("wagtailsites", url_prefix="sites")
