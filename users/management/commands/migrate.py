"""Django's `migrate`, adopting a database made before the users app first (users/adoption.py).

Overriding the command (an app's command of the same name takes precedence over Django's) is
what makes every path safe alike: `make run`, scripts/release, preflight's check and the test
databases all call `migrate`.
"""

from django.core.management.commands import migrate
from django.db import connections

from users.adoption import adopt_auth_user_table


class Command(migrate.Command):
    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if options["plan"] or options["check_unapplied"]:  # asked to change nothing
            return super().handle(*args, **options)
        if adopt_auth_user_table(connection) and options["verbosity"] >= 1:
            self.stdout.write("users: auth_user adopted as users.User (users.0001 recorded)")
        return super().handle(*args, **options)
