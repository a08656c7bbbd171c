from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Roles, the review workflow, scheduled publishing and the Japanese admin.

    Listed first in INSTALLED_APPS: its locale/ catalogue must win over Wagtail's own.

    No gettext anywhere in this app (the admin is Japanese only, so its own labels are plain
    Japanese): `makemessages` then finds nothing to extract here and never merges into
    locale/ja/LC_MESSAGES/django.po, which holds the overrides of Wagtail's messages.
    """

    name = "editorial"
    verbose_name = "編集・公開"

    def ready(self):
        from . import signals  # noqa: F401  (connects post_migrate)
