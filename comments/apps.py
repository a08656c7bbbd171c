from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Reader comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
        # After every `migrate`, so a changed BASE_URL reaches django.contrib.sites.
        post_migrate.connect(signals.sync_site_domain, sender=self)
