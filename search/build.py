"""Building the search index for many articles at once (benchmark data, a large import).

Each article puts thousands of lexemes (bigrams and variant tokens) into the four GIN indexes of
Wagtail's search table. Added one row at a time, or merged from a pending list, the indexes
grow to about five times the size PostgreSQL gives them when it builds them from the sorted
entries of the whole table (at 1,000 articles: 77 MB against 14 MB each for title || body and
autocomplete), and inserting costs more than building. So during a bulk build the GIN indexes
are dropped and then created again with their own definitions (read from PostgreSQL, so
Wagtail's indexes come back exactly as its migrations made them). Searches meanwhile read the
table without the indexes: run bulk builds when no reader is waiting. Measured in
bench/search_scale.py.
"""

import contextlib

from django.db import connection

from wagtail.search.models import IndexEntry

# Memory for sorting the entries of one index while it is built (per build, not per worker).
BUILD_MEMORY = "256MB"


def gin_indexes():
    """The statements that make each GIN index of the search table again as it is: its
    definition, then the statistics setting of its columns (search/migrations/0001 turns them
    off), which the definition does not hold."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexdef LIKE %s ORDER BY indexname",
            [IndexEntry._meta.db_table, "% USING gin %"],
        )
        indexes = cursor.fetchall()
        statements = {}
        for name, definition in indexes:
            cursor.execute(
                "SELECT attnum, attstattarget FROM pg_attribute WHERE attrelid = %s::regclass "
                "AND attstattarget >= 0",
                [name],
            )
            quoted = connection.ops.quote_name(name)
            statements[name] = [definition] + [
                f"ALTER INDEX {quoted} ALTER COLUMN {column} SET STATISTICS {target}"
                for column, target in cursor.fetchall()
            ]
        return statements


@contextlib.contextmanager
def bulk_index_build():
    """Index in bulk inside this block (PostgreSQL; nothing changes on other databases). Enter
    it outside the transactions that insert, so that worker processes see the change."""
    if connection.vendor != "postgresql":
        yield
        return
    indexes = gin_indexes()
    with connection.cursor() as cursor:
        for name in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        # Inside a transaction (a test, jobs=1) the rows' deferred foreign-key checks must run
        # first: PostgreSQL builds no index on a table with pending trigger events.
        connection.check_constraints()
        with connection.cursor() as cursor:
            cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
            for statements in indexes.values():
                for statement in statements:
                    cursor.execute(statement)
            cursor.execute("RESET maintenance_work_mem")
