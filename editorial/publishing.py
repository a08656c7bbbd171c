"""The scheduling panel of the article editor, with help text on both dates.

Wagtail's Page.go_live_at and expire_at carry no help text, and adding it on the model would
be a migration of wagtailcore; the panel's FieldPanels take help text instead.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import PublishingPanel

GO_LIVE_HELP = _(
    "The article is published automatically at this time, within a few seconds. Leave empty "
    "to publish as soon as it is approved."
)
EXPIRE_HELP = _(
    "The article is unpublished automatically at this time. Leave empty to keep it online."
)
HELP = {"go_live_at": GO_LIVE_HELP, "expire_at": EXPIRE_HELP}


class SchedulePanel(PublishingPanel):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for child in self.children:
            child.help_text = HELP.get(getattr(child, "field_name", None), child.help_text)


def with_schedule_help(panels):
    """A copy of `panels` (e.g. Page.settings_panels) whose publishing panel has help text."""
    return [
        SchedulePanel() if getattr(panel, "path", "").endswith(".PublishingPanel") else panel
        for panel in panels
    ]
