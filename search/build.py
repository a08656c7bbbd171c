"""Building the search index for many articles at once (benchmark data, a large import).

Two GIN indexes of the search table keep `fastupdate` off (search/migrations/0001: a pending
list of fresh entries makes PostgreSQL's planner read the whole table instead). For a reader
that is right; for a build it means every one of the thousands of lexemes of each article is
put into the index one by one. While a build runs, the indexes take new entries into their
pending list (up to 64 MB, merged in bulk), and the list is merged and switched off again at
the end, so searches afterwards see the same indexes as before. Measured in bench/search_scale.py.
"""

import contextlib

from django.db import connection

# The indexes search/migrations/0001 created or set with fastupdate off.
FAST_READ_INDEXES = ("search_indexentry_title_body_gin", "wagtailsear_autocom_476c89_gin")
BUILD_PENDING_LIST_KB = 64 * 1024


def _alter(sql):
    with connection.cursor() as cursor:
        for name in FAST_READ_INDEXES:
            cursor.execute(sql.format(index=connection.ops.quote_name(name)))


@contextlib.contextmanager
def bulk_index_build():
    """Index in bulk inside this block (PostgreSQL; nothing changes on other databases). Enter
    it outside the transactions that insert, so that worker processes see the setting."""
    if connection.vendor != "postgresql":
        yield
        return
    _alter(
        "ALTER INDEX IF EXISTS {index} "
        f"SET (fastupdate = on, gin_pending_list_limit = {BUILD_PENDING_LIST_KB})"
    )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in FAST_READ_INDEXES:
                cursor.execute(
                    "SELECT gin_clean_pending_list(to_regclass(%s)) WHERE to_regclass(%s) "
                    "IS NOT NULL",
                    [name, name],
                )
        _alter("ALTER INDEX IF EXISTS {index} SET (fastupdate = off)")
        _alter("ALTER INDEX IF EXISTS {index} RESET (gin_pending_list_limit)")
