from django.apps import AppConfig, apps


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = "Caching"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals

        signals.connect()
        # Django sends post_migrate once per app with models; this app has none: Wagtail's.
        post_migrate.connect(renew_after_migrate, sender=apps.get_app_config("wagtailcore"))


def renew_after_migrate(**kwargs):
    """Every release runs `migrate`: nothing cached by the previous code (pages in its
    templates, rows pickled with its classes) is read by the new one."""
    from . import content

    content.renew("migrate")
