from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """Roles, the review workflow, scheduled publishing and the Japanese admin.

    Our Japanese for Wagtail's own messages lives in locale_overrides/ (LOCALE_PATHS), apart
    from the project catalogue that `make messages` regenerates.
    """

    name = "editorial"
    verbose_name = _("Editing and publishing")

    def ready(self):
        from . import signals  # noqa: F401  (connects post_migrate)

