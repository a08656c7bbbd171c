from django.apps import AppConfig, apps


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = "Caching"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals

        signals.connect()
        # Django sends post_migrate once per app with models, after the whole plan ran.
        post_migrate.connect(renew_after_migrate, sender=apps.get_app_config("caching"))


def renew_after_migrate(**kwargs):
    """Every release runs `migrate`: no page cached by the previous code (its templates) is
    served by the new one."""
    from . import scopes

    scopes.invalidate_everything("migrate")
