from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from operations.preflight import all_problems


class Command(BaseCommand):
    help = (
        "Refuse to start a host that would fail: static files not collected for this release, "
        "a purge target that cannot be reached or refuses this host, migrations not applied. "
        "Run by the web units' ExecStartPre; exits non-zero and says what to do."
    )

    def handle(self, *args, **options):
        problems = all_problems()
        try:
            call_command("migrate", check_unapplied=True, verbosity=0)
        except SystemExit:
            problems.append("Migrations are not applied: run `manage.py migrate --noinput`.")
        if problems:
            for problem in problems:
                self.stderr.write(f"PREFLIGHT FAILED: {problem}")
            raise CommandError(f"this host must not serve ({len(problems)} problems above)")
        self.stdout.write("Preflight passed: static files collected, purge target reachable.")
