"""The one rate-limit rule (security/ratelimit.py) that the comment form's mail limits and the
contact form share: fixed windows counted in the database, keyed hashes instead of addresses,
old rows dropped, and the migration that carried the two former tables' counts over."""

from datetime import timedelta

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import pytest

from security import ratelimit
from security.models import RateCounter
from security.ratelimit import Limit, hashed

pytestmark = pytest.mark.django_db


def test_a_window_allows_its_count_then_refuses_until_it_ends():
    limit = Limit(hashed("test", "127.0.0.5"), allowed=2, period=60)
    assert [ratelimit.over_limit_or_count([limit]) for _ in range(3)] == [False, False, True]
    RateCounter.objects.filter(key=limit.key).update(
        window_start=timezone.now() - timedelta(seconds=61)
    )
    assert ratelimit.over_limit_or_count([limit]) is False  # a new window, counted from one
    assert RateCounter.objects.get(key=limit.key).count == 1


def test_any_used_up_limit_refuses_and_record_counts_them_all():
    wide, narrow = Limit("test:site", 10, 3600), Limit(hashed("test", "a@example.jp"), 1, 600)
    ratelimit.record([wide, narrow])
    assert ratelimit.is_limited([wide, narrow])
    assert not ratelimit.is_limited([wide])
    assert RateCounter.objects.get(key="test:site").count == 1


def test_keys_are_keyed_hashes_that_depend_on_the_secret(settings):
    key = hashed("contact", "127.0.0.9")
    assert key.startswith("contact:") and "127.0.0.9" not in key
    settings.SECRET_KEY = "another-secret-for-this-test"
    assert hashed("contact", "127.0.0.9") != key


def test_rows_older_than_a_day_are_dropped_when_counting():
    RateCounter.objects.create(key="test:old", window_start=timezone.now() - timedelta(days=2))
    ratelimit.record([Limit("test:new", 5, 60)])
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["test:new"]


@pytest.mark.parametrize(
    ("period", "window"), [(0, timedelta(seconds=1)), (2 * 24 * 3600, ratelimit.KEEP)]
)
def test_a_period_from_the_environment_out_of_range_is_bounded_not_an_error(period, window):
    limit = Limit("test:x", 1, period)
    assert limit.window() == window
    assert ratelimit.over_limit_or_count([limit]) is False  # counted, no exception


BEFORE = [
    ("security", "0001_rate_counter"),
    ("comments", "0002_send_counter"),
    ("pages", "0002_body_new_blocks"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_the_old_tables_counts_over(settings):
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    try:
        now = timezone.now()
        attempts = old.get_model("pages", "SubmissionAttempt").objects
        for minutes in (9, 5):  # two messages inside CONTACT_RATE_PERIOD (10 minutes)...
            attempts.create(
                scope="contact", client_key="k" * 64, created_at=now - timedelta(minutes=minutes)
            )
        attempts.create(scope="contact", client_key="z" * 64, created_at=now - timedelta(hours=2))
        counters = old.get_model("comments", "SendCounter").objects
        counters.create(key="site", window_start=now - timedelta(minutes=20), count=42)
        counters.create(key="ip:" + "0" * 40, window_start=now, count=3)
    finally:
        migrate(leaves)
    contact = RateCounter.objects.get(key="contact:" + "k" * 64)
    assert contact.count == 2 and contact.window_start == now - timedelta(minutes=9)
    assert RateCounter.objects.get(key="comment-mail:site").count == 42
    assert RateCounter.objects.count() == 2  # ...the older one and the unkeyed hashes dropped
