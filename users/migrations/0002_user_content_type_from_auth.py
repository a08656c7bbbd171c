"""On a database made before this app, the users' content type is auth.user: Wagtail's user
history, the users' permissions (and the groups holding them) point at it. Rename it users.user,
so they carry over, instead of letting post_migrate make a second, empty one."""

from django.db import migrations


def take_over_auth_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label="users", model="user").exists():
        return
    ContentType.objects.using(db).filter(app_label="auth", model="user").update(app_label="users")


def give_back_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label="auth", model="user").exists():
        return
    ContentType.objects.using(db).filter(app_label="users", model="user").update(app_label="auth")


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0001_user_on_auth_tables"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(take_over_auth_content_type, give_back_content_type)]
