"""GIN index on `title || body` of Wagtail's search index table (PostgreSQL only).

Wagtail's database backend searches `title || body` (one tsvector for both), but its
migrations index the two columns separately: PostgreSQL then reads and concatenates every
entry for every search (about 100 ms at 1,000 articles). django-modelsearch expects this
expression index; Wagtail 8.0's copy of the migrations does not create it.

Two settings keep PostgreSQL's planner on the index. It cannot see that reading a row means
fetching and concatenating two large tsvectors (about 0.2 ms each), so with statistics that
say a word is common, or a GIN "pending list" of fresh entries waiting for a VACUUM, it
prefers reading the whole table: 200 ms instead of 20 ms for a common word at 1,000
articles. So: no statistics on the expression (the planner then assumes few matches; GIN
matches are exact, so the index is the right choice even for a word found everywhere), and
fastupdate off here and on the autocomplete index (the admin's page search): a blog is
written rarely and read often.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"
AUTOCOMPLETE_INDEX = "wagtailsear_autocom_476c89_gin"  # from wagtailsearch 0006


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} "
        "USING gin ((title || body)) WITH (fastupdate = off)"
    )
    schema_editor.execute(f"ALTER INDEX {INDEX} ALTER COLUMN 1 SET STATISTICS 0")
    schema_editor.execute(f"ALTER INDEX IF EXISTS {AUTOCOMPLETE_INDEX} SET (fastupdate = off)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER INDEX IF EXISTS {AUTOCOMPLETE_INDEX} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
