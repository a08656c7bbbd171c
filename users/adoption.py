"""Databases made before the users app: their auth_user table is already this model's.

There, django.contrib.auth created auth_user and every app that points at the user (Wagtail,
comments, articles...) is migrated; since AUTH_USER_MODEL became users.User, those migrations
depend on users.0001, which Django would call an inconsistent history and refuse to migrate.
The table has exactly users.User's columns (auth's migrations up to 0012 made it), so recording
users.0001 as applied is all that is needed: the step `manage.py migrate` takes first
(users/management/commands/migrate.py), so nobody does it by hand.
"""

from django.core.management.base import CommandError
from django.db.migrations.recorder import MigrationRecorder

USERS_FIRST = ("users", "0001_user_on_auth_tables")
AUTH_FIRST = ("auth", "0001_initial")
AUTH_LAST_USER_CHANGE = ("auth", "0012_alter_user_first_name_max_length")


def adopt_auth_user_table(connection):
    """Record users.0001 as applied on a database whose auth_user came from django.contrib.auth.

    Returns True when it did; False for a fresh database or one already adopted."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    applied = recorder.applied_migrations()
    if USERS_FIRST in applied or AUTH_FIRST not in applied:
        return False
    if AUTH_LAST_USER_CHANGE not in applied:
        raise CommandError(
            "auth_user predates Django 3.1's columns: migrate it with the release before the "
            "users app (git tag or main before it), then migrate again."
        )
    recorder.record_applied(*USERS_FIRST)
    return True
