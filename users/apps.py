from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    """The site's user model: Django's, naming people family name first (山田 花子)."""

    name = "users"
    verbose_name = _("Users")
    # auth_user's id is an integer column (django.contrib.auth's own default): keep it.
    default_auto_field = "django.db.models.AutoField"
