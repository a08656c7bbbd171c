"""One pass of scheduled publishing: publish what has reached its go-live time, unpublish what
has reached its expiry time.

The work itself is Wagtail's `publish_scheduled` command. Around it:

* a lock, so that two schedulers (two servers, a cron job beside a daemon, an overlap after a
  restart) never work at once: on PostgreSQL a transaction-level advisory lock, released by
  the server at commit, rollback or when the connection dies; elsewhere (SQLite) an exclusive
  lock on a file, released by the kernel when the process ends;
* one transaction, so a pass that fails half-way leaves nothing half done and the next pass
  does it all again; nothing due is ever skipped, because publishing is
  what clears a revision's approved_go_live_at and expiring is what clears `live`;
* a record of what happened, taken from Wagtail's own (un)publish signals.

`next_due()` tells the loop in `run_scheduler` when the next pass has work to do, so that it
wakes at that moment rather than on a fixed poll.
"""

import contextlib
import fcntl
import hashlib
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Min

from wagtail import signals
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger("editorial.scheduler")

# The 64-bit number that names "the scheduler" among PostgreSQL advisory locks: derived from a
# name rather than picked by hand, so that it is unlikely to clash with another program's.
ADVISORY_LOCK_KEY = int.from_bytes(
    hashlib.sha1(b"editorial.scheduler", usedforsecurity=False).digest()[:8],
    "big",
    signed=True,
)


@dataclass
class TickResult:
    published: list = field(default_factory=list)  # "ArticlePage 12 「タイトル」"
    expired: list = field(default_factory=list)
    skipped: bool = False  # another scheduler held the lock

    @property
    def changed(self):
        return bool(self.published or self.expired)


@contextlib.contextmanager
def _file_lock(using):
    """Non-blocking exclusive lock on a file for databases without advisory locks."""
    lock_dir = Path(getattr(settings, "EDITORIAL_SCHEDULER_LOCK_DIR", settings.BASE_DIR))
    lock_dir.mkdir(parents=True, exist_ok=True)
    # One lock per database, so that a test run and `make run` on two SQLite files never
    # block each other.
    database = str(connections[using].settings_dict["NAME"]).encode()
    name = f"scheduler-{hashlib.sha1(database).hexdigest()[:12]}.lock"  # noqa: S324
    with open(lock_dir / name, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _advisory_lock(using):
    """Take the transaction-level advisory lock; True if this pass may run."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        return cursor.fetchone()[0]


def _describe(instance):
    # Wagtail sends some signals with the base Page and others with the specific page:
    # name the specific class either way, so that the two describe the page alike.
    model = getattr(instance, "specific_class", None) or type(instance)
    return f"{model.__name__} {instance.pk} 「{instance}」"


@contextlib.contextmanager
def _recording(result):
    """Collect what Wagtail (un)publishes in this thread while the block runs."""
    thread = threading.get_ident()

    def on_publish(sender, instance, **kwargs):
        if threading.get_ident() == thread:
            result.published.append(_describe(instance))

    def on_unpublish(sender, instance, **kwargs):
        if threading.get_ident() == thread:
            result.expired.append(_describe(instance))

    pairs = [
        (signals.page_published, on_publish),
        (signals.published, on_publish),
        (signals.page_unpublished, on_unpublish),
        (signals.unpublished, on_unpublish),
    ]
    for signal, receiver in pairs:
        signal.connect(receiver, weak=False)
    try:
        yield
    finally:
        for signal, receiver in pairs:
            signal.disconnect(receiver)


def _dedupe(items):
    # A page sends both page_published and published: keep each line once, in order.
    return list(dict.fromkeys(items))


def tick(using=DEFAULT_DB_ALIAS):
    """Run one pass. Returns a TickResult; database errors propagate (the caller retries)."""
    result = TickResult()
    is_postgres = connections[using].vendor == "postgresql"
    file_lock = contextlib.nullcontext(True) if is_postgres else _file_lock(using)
    with file_lock as have_file_lock, transaction.atomic(using=using):
        if not have_file_lock or (is_postgres and not _advisory_lock(using)):
            result.skipped = True
            logger.info("Another scheduler is running; this pass is skipped.")
            return result
        with _recording(result):
            call_command("publish_scheduled")
    result.published = _dedupe(result.published)
    result.expired = _dedupe(result.expired)
    for line in result.published:
        logger.info("Published on schedule: %s", line)
    for line in result.expired:
        logger.info("Expired (unpublished) on schedule: %s", line)
    return result


def _expiring_models():
    # The same models Wagtail's publish_scheduled expires: pages and snippets with a draft state.
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def next_due(using=DEFAULT_DB_ALIAS):
    """The earliest go-live or expiry time still waiting for a pass, or None if nothing is.

    A time in the past means a pass has work now (one that failed, or that another scheduler
    has not committed yet)."""
    times = [
        Revision.objects.using(using)
        .filter(approved_go_live_at__isnull=False)
        .aggregate(due=Min("approved_go_live_at"))["due"]
    ]
    times += [
        model.objects.using(using)
        .filter(live=True, expire_at__isnull=False)
        .aggregate(due=Min("expire_at"))["due"]
        for model in _expiring_models()
    ]
    return min((time for time in times if time is not None), default=None)
