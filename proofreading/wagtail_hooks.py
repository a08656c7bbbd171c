from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def register_check_url():
    # Wagtail wraps these in its admin-access check: only signed-in admin users reach it.
    return [path("proofreading/check/", views.check, name="proofreading_check")]


@hooks.register("insert_editor_js")
def proofreading_panel_script():
    # Texts are translated here and handed over in data attributes: no inline script.
    return format_html(
        '<script src="{}" data-url="{}" data-heading="{}" data-none="{}" '
        'data-count-format="{}" defer></script>',
        static("proofreading/js/editor-panel.js"),
        reverse("proofreading_check"),
        _("Proofreading"),
        _("No findings."),
        _("%(count)s findings (advice only: saving and publishing are not affected)."),
    )
