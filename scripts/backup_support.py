"""What scripts/backup and scripts/restore share: libpq's environment and the row counts a
restore is checked against."""

import os


def pg_env(db):
    """libpq's variables for the database settings (the password never on a command line)."""
    env = dict(os.environ)
    names = [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]
    for key, name in names:
        if db.get(key):
            env[name] = str(db[key])
    return env


def counts():
    """Rows a restore must bring back; None where a table is missing."""
    from django.db import DatabaseError

    from wagtail.models import Page, Revision

    from django_comments_xtd.models import XtdComment

    result = {}
    for name, model in [("pages", Page), ("revisions", Revision), ("comments", XtdComment)]:
        try:
            result[name] = model.objects.count()
        except DatabaseError:  # a database without the site's tables
            result[name] = None
    return result
