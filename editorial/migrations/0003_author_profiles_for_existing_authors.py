"""An author profile for each 著者 who joined before profiles were given on joining
(editorial/signals.py does it for everyone added since). The rule is people's own, run on the
historical models; profiles are never removed on the way back."""

from django.conf import settings
from django.db import migrations

from editorial import people, roles


def give_profiles(apps, schema_editor):
    # The swappable user (users.User since users.0001): auth.User has no manager once swapped.
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Author = apps.get_model("articles", "Author")
    authors = User.objects.filter(
        is_active=True, groups__name=roles.AUTHORS, author_profile__isnull=True
    ).distinct()
    for user in authors.order_by("pk"):
        people.link_or_create_profile(user, Author)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_japanese_root_page_title"),
        ("articles", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(give_profiles, migrations.RunPython.noop)]
