"""An index on the article id as text (PostgreSQL only).

Wagtail's search index stores each entry's object id as text, and the backend joins it to the
searched table as `page_ptr_id::varchar(50)::text = object_id`. Without an index on that
expression PostgreSQL reads every article to join a few hundred matches: 1.6 ms more for the
results and for their count at 10,000 articles. This index lets it look the matches up
(measured: 10.8 -> 8.6 ms for a first result page, 4.4 -> 3.3 ms for its count).
"""

from django.db import migrations

INDEX = "search_articlepage_id_as_text"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("articles", "ArticlePage")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} (((page_ptr_id::varchar(50))::text))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_indexentry_title_body_gin"),
        ("articles", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
