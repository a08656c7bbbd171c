"""users.User: people named 姓 名 wherever Wagtail names them, on django.contrib.auth's tables,
and a database made before the model migrates by itself (users/adoption.py)."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from wagtail.admin.utils import get_user_display_name
from wagtail.models import PageLogEntry

import pytest
import support_pages as pages

from users.models import User

ROOT = Path(__file__).resolve().parent.parent

SEED_OLD_DATABASE = """
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from editorial import roles
user = User.objects.create_user("hanako", "hanako@example.jp", "pw-for-tests-12345",
                                first_name="花子", last_name="山田")
user.groups.add(Group.objects.get(name=roles.AUTHORS))
user.user_permissions.add(Permission.objects.get(codename="change_user"))
print(ContentType.objects.get(app_label="auth", model="user").pk)
"""

READ_MIGRATED_DATABASE = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
user = get_user_model().objects.get(username="hanako")
print(json.dumps({
    "model": get_user_model()._meta.label,
    "name": user.get_full_name(),
    "groups": [group.name for group in user.groups.all()],
    "may_change_users": user.has_perm("users.change_user"),
    "user_type": ContentType.objects.get_for_model(user).pk,
    "auth_user_types": ContentType.objects.filter(app_label="auth", model="user").count(),
}))
"""


def test_names_are_written_family_name_first():
    user = User(username="hanako", first_name=" 花子", last_name="山田 ")
    assert user.get_full_name() == "山田 花子"
    assert user.get_short_name() == "山田"
    assert get_user_display_name(user) == "山田 花子"  # what Wagtail's screens call
    assert User(username="solo", first_name="花子").get_full_name() == "花子"
    assert get_user_display_name(User(username="nameless")) == "nameless"


@pytest.mark.django_db
def test_the_user_model_keeps_django_auth_tables():
    assert get_user_model() is User
    assert User._meta.db_table == "auth_user"
    assert User.groups.through._meta.db_table == "auth_user_groups"
    assert User.user_permissions.through._meta.db_table == "auth_user_user_permissions"
    tables = connection.introspection.table_names()
    assert {"auth_user", "auth_user_groups", "auth_user_user_permissions"} <= set(tables)
    assert not any(table.startswith("users_") for table in tables)


@pytest.mark.django_db
def test_wagtail_history_names_the_editor_family_name_first():
    editor = User.objects.create_user("yamada", first_name="花子", last_name="山田")
    article = pages.article("履歴に名前が出る記事", slug="named-in-history")
    article.save_revision(user=editor, log_action=True)
    entry = PageLogEntry.objects.filter(page=article, user=editor).latest("timestamp")
    assert entry.user_display_name == "山田 花子"


@pytest.mark.django_db
def test_a_fresh_database_needs_no_adoption():
    applied = MigrationRecorder(connection).applied_migrations()
    assert ("users", "0001_user_on_auth_tables") in applied


def manage(settings_module, database_url, *args):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_SETTINGS_MODULE=settings_module, DATABASE_URL=database_url)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def migrate_an_old_database_then_read_it(database_url):
    manage("tests.settings_before_users", database_url, "migrate", "--noinput", "-v0")
    seeded = manage("tests.settings_before_users", database_url, "shell", "-c", SEED_OLD_DATABASE)
    old_user_type = int(last_line(seeded))
    first = manage("blogsite.settings.test", database_url, "migrate", "--noinput")
    again = manage("blogsite.settings.test", database_url, "migrate", "--noinput")
    manage("blogsite.settings.test", database_url, "migrate", "--check")
    out = manage("blogsite.settings.test", database_url, "shell", "-c", READ_MIGRATED_DATABASE)
    return old_user_type, first, again, json.loads(last_line(out))


def last_line(output):
    """What the shell script printed, after the shell's own line about its imports."""
    return output.strip().splitlines()[-1]


def check_old_database_result(old_user_type, first, again, state):
    assert "auth_user adopted as users.User" in first
    assert "Applying users.0002_user_content_type_from_auth" in first
    assert "adopted" not in again and "Applying" not in again
    assert state == {
        "model": "users.User",
        "name": "山田 花子",
        "groups": ["著者"],
        "may_change_users": True,  # the permission moved with its content type
        "user_type": old_user_type,  # history and permissions keep pointing at it
        "auth_user_types": 0,
    }


@pytest.mark.django_db
def test_an_old_sqlite_database_migrates_by_itself(tmp_path):
    database = tmp_path / "old.sqlite3"
    results = migrate_an_old_database_then_read_it(f"sqlite:///{database}")
    check_old_database_result(*results)
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM auth_user").fetchone() == (1,)


@pytest.fixture
def empty_postgres_database():
    name = "before_users_app"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    db = connection.settings_dict
    yield f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_old_postgres_database_migrates_by_itself(empty_postgres_database):
    check_old_database_result(*migrate_an_old_database_then_read_it(empty_postgres_database))


@pytest.mark.django_db
def test_wagtails_reports_workflow_and_lock_screens_name_people_family_name_first(admin_client):
    from django.utils import timezone

    from wagtail.models import Workflow

    from editorial import roles

    author = User.objects.create_user("hanako", first_name="花子", last_name="山田")
    author.groups.add(Group.objects.get(name=roles.AUTHORS))
    article = pages.article("審査中の記事", slug="in-review", publish=False)
    article.save_revision(user=author, log_action=True)
    Workflow.objects.get(name=roles.WORKFLOW_NAME).start(article, author)
    article.locked, article.locked_by, article.locked_at = True, author, timezone.now()
    article.save(update_fields=["locked", "locked_by", "locked_at"])
    screens = [
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_pages:history", args=[article.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[article.pk]),
        reverse("wagtailadmin_pages:edit", args=[article.pk]),  # 「山田 花子」がロック中
    ]
    for url in screens:
        html = admin_client.get(url).content.decode()
        assert "山田 花子" in html and "花子 山田" not in html, url
