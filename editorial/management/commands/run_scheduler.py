"""`manage.py run_scheduler`: publish and expire scheduled content on time.

Runs a pass every EDITORIAL_SCHEDULER_INTERVAL seconds (30 by default) until SIGTERM or
Ctrl-C, which end it between two passes, never inside one. `--once` runs a single pass and
exits (for cron: non-zero when the pass failed). A database that is down is logged and tried
again at the next pass; the loop itself never dies of it.
"""

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from editorial.scheduler import tick

logger = logging.getLogger("editorial.scheduler")


class Command(BaseCommand):
    help = "Publish and expire scheduled pages and snippets, checking every 30 seconds."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=getattr(settings, "EDITORIAL_SCHEDULER_INTERVAL", 30),
            help="Seconds between two passes (default: %(default)s).",
        )

    def handle(self, *args, once=False, interval=30, **options):
        self.verbosity = options.get("verbosity", 1)
        if once:
            if not self.run_pass():
                raise CommandError("The scheduler pass failed; see the log above.")
            return
        if interval <= 0 or interval > 60:
            raise CommandError("--interval must be more than 0 and at most 60 seconds.")
        stop = threading.Event()

        def request_stop(signum, frame):
            logger.info("Scheduler: %s received, stopping.", signal.Signals(signum).name)
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        logger.info("Scheduler started: a pass every %s seconds.", interval)
        while not stop.is_set():
            # As Django does around each request: drop connections that are too old or broken
            # (conn_health_checks), so that a restarted database is simply reconnected to.
            close_old_connections()
            self.run_pass()
            close_old_connections()
            stop.wait(interval)
        logger.info("Scheduler stopped.")

    def run_pass(self):
        """One pass; True unless it failed. Never raises: the loop must outlive any error."""
        try:
            result = tick()
        except DatabaseError:
            logger.exception("Scheduler: the database could not be used; retrying next pass.")
            return False
        except Exception:
            # Anything else (a broken signal handler, say) is logged with its traceback; the
            # loop goes on, and the same pass is tried again next time.
            logger.exception("Scheduler: the pass failed; retrying next pass.")
            return False
        if result.changed and getattr(self, "verbosity", 1) > 1:
            self.stdout.write(f"published: {len(result.published)}, expired: {len(result.expired)}")
        return True
