"""The project as it was before the users app (django.contrib.auth's User), to build the
"old database" that tests/test_user_model.py then migrates with today's settings."""

from blogsite.settings.test import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "users"]  # noqa: F405
AUTH_USER_MODEL = "auth.User"
