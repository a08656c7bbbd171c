"""Carries the counts of the two tables the rate limits used before into RateCounter
(security/ratelimit.py), so a deploy does not hand out fresh allowances.

- The contact form's attempts (pages.SubmissionAttempt: one row per message, keyed with the
  same SECRET_KEY hash as now) become one counter per client whose window starts at its first
  message still inside CONTACT_RATE_PERIOD.
- The comment form's site-wide counter (comments.SendCounter "site") keeps its window. Its
  per-address counters were plain SHA-256 hashes, which cannot be re-keyed into the keyed hash
  used now; they are left behind, and their windows (COMMENTS_RATE_PERIOD) lapse in minutes.
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.db.models import Count, Min
from django.utils import timezone


def copy_contact_attempts(apps, RateCounter):
    SubmissionAttempt = apps.get_model("pages", "SubmissionAttempt")
    since = timezone.now() - timedelta(seconds=settings.CONTACT_RATE_PERIOD)
    groups = (
        SubmissionAttempt.objects.filter(created_at__gte=since)
        .values("scope", "client_key")
        .annotate(first=Min("created_at"), total=Count("id"))
    )
    for group in groups:
        RateCounter.objects.update_or_create(
            key=f"{group['scope']}:{group['client_key']}",
            defaults={"window_start": group["first"], "count": group["total"]},
        )


def copy_comment_site_count(apps, RateCounter):
    SendCounter = apps.get_model("comments", "SendCounter")
    for counter in SendCounter.objects.filter(key="site"):
        RateCounter.objects.update_or_create(
            key="comment-mail:site",
            defaults={"window_start": counter.window_start, "count": counter.count},
        )


def copy_counts(apps, schema_editor):
    RateCounter = apps.get_model("security", "RateCounter")
    copy_contact_attempts(apps, RateCounter)
    copy_comment_site_count(apps, RateCounter)


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_rate_counter"),
        ("comments", "0002_send_counter"),
        ("pages", "0002_body_new_blocks"),
    ]

    operations = [migrations.RunPython(copy_counts, migrations.RunPython.noop)]
