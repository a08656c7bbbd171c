"""The tree's root page is titled "Root" by Wagtail's first migration; the admin shows that
title in search results and the page explorer. Only the untouched default is renamed."""

from django.db import migrations

ENGLISH, JAPANESE = "Root", "ルート"


def rename(apps, schema_editor, old, new):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, ENGLISH, JAPANESE)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, JAPANESE, ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_roles_and_review_workflow"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
