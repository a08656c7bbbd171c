from django.db import migrations, models

from articles.outline import stored_outline_and_reading_time


def fill_derived_fields(apps, schema_editor):
    """The outline and reading time of the articles saved before these fields existed (the
    live version; drafts get theirs when they are next saved or previewed)."""
    article_model = apps.get_model("articles", "ArticlePage")
    for article in article_model.objects.all().iterator(chunk_size=200):
        article.outline_entries, article.reading_time = stored_outline_and_reading_time(
            article.title, article.lead, article.body
        )
        article.save(update_fields=["outline_entries", "reading_time"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_articlepage_language_relatedarticle"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlepage",
            name="outline_entries",
            field=models.JSONField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="articlepage",
            name="reading_time",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(fill_derived_fields, migrations.RunPython.noop),
    ]
