"""Bulk inserts for generated data (manage.py generate_bench_data), with public APIs only:
treebeard's materialised paths computed here, and the own table of a multi-table model written
with one SQL statement per batch."""

from django.db import connection

from wagtail.models import Page


def tree_path(parent_path, step, model=Page):
    """The materialised path of the child at position `step` (1 is the first) under
    `parent_path`: treebeard's documented format, `steplen` digits of `alphabet` per level."""
    digits, rest = "", step
    while rest:
        rest, digit = divmod(rest, len(model.alphabet))
        digits = model.alphabet[digit] + digits
    if not digits or len(digits) > model.steplen:
        raise ValueError(f"no position {step} under a node in {model.steplen} digits")
    return parent_path + digits.rjust(model.steplen, model.alphabet[0])


def insert_own_rows(model, objects):
    """Insert the rows of `model`'s own table for objects whose parent rows are already in the
    database (pk set). Django's bulk_create refuses multi-table models; each value is prepared
    as Django's own INSERT prepares it (Field.pre_save, then get_db_prep_save)."""
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows = [
        [field.get_db_prep_save(field.pre_save(item, True), connection) for field in fields]
        for item in objects
    ]
    # Names from the model's own metadata, quoted; every value is a query parameter.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
