"""`manage.py run_scheduler`: publish and expire scheduled content on time.

The loop wakes at the next go-live or expiry time (`next_due`), so that a scheduled article
goes live within about a second of its time. It looks at that time again every
EDITORIAL_SCHEDULER_POLL seconds (1 by default: one small indexed query), so a page scheduled
while it sleeps is seen at once, and it runs a full pass at least every
EDITORIAL_SCHEDULER_INTERVAL seconds (30) whatever the query says, as a safety net. SIGTERM
or Ctrl-C end it between two passes, never inside one. `--once` runs a single pass and exits
(for cron: non-zero when the pass failed). A database that is down is logged and tried again
later; the loop itself never dies of it.
"""

import logging
import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from editorial.scheduler import next_due, tick

logger = logging.getLogger("editorial.scheduler")


def seconds_to_sleep(due, now, poll):
    """How long the loop may sleep: until `due`, but never longer than `poll`.

    Nothing due, or a due time already past (a pass that failed or was skipped because another
    scheduler holds the lock), waits a whole `poll`, so that the loop never spins."""
    if due is None or due <= now:
        return poll
    return min(poll, (due - now).total_seconds())


class Command(BaseCommand):
    help = "Publish and expire scheduled pages and snippets at their time."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=getattr(settings, "EDITORIAL_SCHEDULER_INTERVAL", 30),
            help="Longest time between two full passes, in seconds (default: %(default)s).",
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=getattr(settings, "EDITORIAL_SCHEDULER_POLL", 1),
            help="Seconds between two looks at the next due time (default: %(default)s).",
        )

    def handle(self, *args, once=False, interval=30, poll=1, **options):
        self.verbosity = options.get("verbosity", 1)
        if once:
            if not self.run_pass():
                raise CommandError("The scheduler pass failed; see the log above.")
            return
        if interval <= 0 or interval > 60:
            raise CommandError("--interval must be more than 0 and at most 60 seconds.")
        if poll <= 0 or poll > interval:
            raise CommandError("--poll must be more than 0 and at most --interval seconds.")
        stop = threading.Event()

        def request_stop(signum, frame):
            logger.info("Scheduler: %s received, stopping.", signal.Signals(signum).name)
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        logger.info("Scheduler started: wakes at each due time, a full pass every %s s.", interval)
        self.loop(stop, interval, poll)
        logger.info("Scheduler stopped.")

    def loop(self, stop, interval, poll):
        next_full_pass = time.monotonic()
        while not stop.is_set():
            # As Django does around each request: drop connections that are too old or broken
            # (conn_health_checks), so that a restarted database is simply reconnected to.
            close_old_connections()
            due = self.next_due()
            if time.monotonic() >= next_full_pass or (due and due <= timezone.now()):
                self.run_pass()
                next_full_pass = time.monotonic() + interval
                due = self.next_due()
            close_old_connections()
            stop.wait(seconds_to_sleep(due, timezone.now(), poll))

    def next_due(self):
        """The next due time, or None; a database error is logged and means "look again"."""
        try:
            return next_due()
        except DatabaseError as error:
            # One line, not a traceback: this runs every poll while the database is down.
            logger.warning("Scheduler: the database could not be used (%s); retrying.", error)
            return None

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
