"""`make backup` / `make restore` (scripts/backup, scripts/restore): a backup of the real
PostgreSQL test database and of the media, restored into an EMPTY database and media folder,
brings back the same articles, revisions and comments; SQLite works the same way."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db import connection

from wagtail.models import Revision

import psycopg
import pytest
import support_pages as pages
from support_comments import add_comment

from caching import scopes

ROOT = Path(__file__).resolve().parent.parent


def run(script, env, *args, check=True):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def script_env(tmp_path, database_url, media):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "blogsite.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "BACKUP_DIR": str(tmp_path / "backups"),
    }


def url_for(name):
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"


def rows(name, sql):
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname=name
    ) as conn:
        return sorted(conn.execute(sql).fetchall())


SNAPSHOT = {
    "articles": "SELECT p.title, p.slug, p.live FROM wagtailcore_page p "
    "JOIN articles_articlepage a ON a.page_ptr_id = p.id",
    "revisions": "SELECT object_id, content::text FROM wagtailcore_revision",
    "comments": "SELECT comment, user_name, is_public, parent_id = id FROM django_comments "
    "JOIN django_comments_xtd_xtdcomment x ON x.comment_ptr_id = id",
}

SITE_TOKEN = "SELECT token FROM caching_scopetoken WHERE scope = 'site'"


@pytest.fixture
def empty_database():
    name = "restore_target"
    with connection.cursor() as cursor:  # autocommit: a transactional test
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.postgres  # pg_dump and pg_restore
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database(tmp_path, empty_database):
    first = pages.article("バックアップされる記事", slug="backed-up")
    second = pages.article("二つ目の記事", slug="second", publish=False)
    first.title = "改訂された記事"
    first.save_revision().publish()
    parent = add_comment(first, text="最初のコメント")
    add_comment(first, text="返信です。", parent=parent)
    add_comment(first, text="承認待ち", public=False)
    assert Revision.objects.count() >= 4 and second.pk
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "写真.png").write_bytes(b"\x89PNG fake image")
    (media / "documents").mkdir()
    (media / "documents" / "資料.pdf").write_bytes(b"%PDF-1.4 fake")
    source_name = connection.settings_dict["NAME"]
    backed_up_site_token = scopes.tokens([scopes.SITE])[scopes.SITE]
    expected = {key: rows(source_name, sql) for key, sql in SNAPSHOT.items()}
    assert len(expected["articles"]) == 2 and len(expected["comments"]) == 3

    out = run("backup", script_env(tmp_path, url_for(source_name), media)).stdout
    (folder,) = (tmp_path / "backups").iterdir()
    assert str(folder) in out
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar.gz", "manifest.json"}
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == "postgresql" and manifest["counts"]["comments"] == 3

    restored_media = tmp_path / "restored-media"
    env = script_env(tmp_path, url_for(empty_database), restored_media)
    out = run("restore", env).stdout  # the newest backup under BACKUP_DIR
    assert "restored" in out
    for key, sql in SNAPSHOT.items():
        assert rows(empty_database, sql) == expected[key], key
    assert (restored_media / "original_images" / "写真.png").read_bytes() == b"\x89PNG fake image"
    assert (restored_media / "documents" / "資料.pdf").read_bytes() == b"%PDF-1.4 fake"

    # A second restore over what is now a full database is refused without --force...
    refused = run("restore", env, str(folder), check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr
    # ...and with it, replaces the database and keeps the old media aside.
    run("restore", env, str(folder), "--force")
    assert rows(empty_database, SNAPSHOT["comments"]) == expected["comments"]
    # Every page cached from the data before the restore is cold: `site` has a new token.
    (restored_token,) = rows(empty_database, SITE_TOKEN)
    assert restored_token[0] != backed_up_site_token
    assert list(tmp_path.glob("restored-media.replaced-*"))


def test_sqlite_backup_and_restore(tmp_path):
    """The laptop setup (`make run`): SQLite copied through its online backup API."""
    source = tmp_path / "db.sqlite3"
    with sqlite3.connect(source) as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        db.executemany("INSERT INTO notes (body) VALUES (?)", [("縦書き",), ("横書き",)])
    media = tmp_path / "media"
    media.mkdir()
    (media / "a.txt").write_text("media")
    run("backup", script_env(tmp_path, f"sqlite:///{source}", media))
    (folder,) = (tmp_path / "backups").iterdir()
    assert (folder / "database.sqlite3").exists()

    target = tmp_path / "restored.sqlite3"
    run("restore", script_env(tmp_path, f"sqlite:///{target}", tmp_path / "m2"))
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT body FROM notes ORDER BY id").fetchall() == [
            ("縦書き",),
            ("横書き",),
        ]
    assert (tmp_path / "m2" / "a.txt").read_text() == "media"
