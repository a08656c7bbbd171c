"""Editorial workflow (issue #4): roles, review by email, scheduled publishing that really
happens, and a Japanese admin.

The clock: go-live and expiry times are set an hour ahead, and the scheduler pass is run with
django.utils.timezone.now patched to a minute after that time; Wagtail's scheduling code
reads the time only through that function. Nothing sleeps, and nothing depends on how fast
the machine is.
"""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from wagtail.models import PageLogEntry, Revision, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
from support_admin import log_in

from articles.models import ArticleIndexPage, ArticlePage
from editorial import roles, scheduler
from editorial.coverage import coverage, totals
from editorial.management.commands.run_scheduler import Command as RunScheduler
from editorial.publishing import GO_LIVE_HELP
from home.models import HomePage
from users.models import User

ROOT = Path(settings.BASE_DIR)
PASSWORD = "pw-for-tests-12345"
TITLE = "富士山の見える朝に公開する記事"
SEARCH_WORD = "富士山"
TAG = "schedule-test"

# ----------------------------------------------------------------------------- helpers


def make_user(username, group, first_name):
    user = User.objects.create_user(
        username, f"{username}@example.jp", PASSWORD, first_name=first_name
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def home():
    return HomePage.objects.get()


@pytest.fixture
def index(home):
    page = ArticleIndexPage(title="記事一覧", slug="articles")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def author():
    return make_user("hanako", roles.AUTHORS, "花子")


@pytest.fixture
def editor():
    return make_user("taro", roles.EDITORS, "太郎")


def logged_in(client, user):
    client.force_login(user)
    return client


def new_article(index, title=TITLE, slug="fuji", **fields):
    """A draft article (not live), as the admin creates it."""
    page = ArticlePage(
        title=title,
        slug=slug,
        lead="朝の富士山について書いた記事です。",
        body=[("paragraph", "<p>本文です。</p>")],
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    page.tags.add(TAG)
    page.save()
    return page


def schedule(page, user, go_live_at=None, expire_at=None):
    """Publish the latest revision with a go-live/expiry time, as an editor's publish does."""
    page.go_live_at = go_live_at
    page.expire_at = expire_at
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def pass_at(moment):
    """One scheduler pass with the clock at `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return scheduler.tick()


def feed_urls(client):
    """Feeds the home page advertises (none yet; added by another part of the project)."""
    html = client.get("/").content.decode()
    return re.findall(r'<link[^>]+type="application/(?:rss|atom)\+xml"[^>]+href="([^"]+)"', html)


def places(client, page, index):
    """Where a reader could come across the article: place -> whether a link to it is there.

    The link (the article's URL path) is looked for rather than its title, which the search
    results page highlights word by word."""
    path = page.url  # "/articles/fuji/", computed even while the article is not live

    def links(url, **params):
        return path in client.get(url, params).content.decode()

    found = {
        "own URL": client.get(path).status_code == 200,
        "home page": links("/"),
        "article list": links(index.url),
        "tag page": links(f"{index.url}tag/{TAG}/"),
        "search": links("/search/", query=SEARCH_WORD),
        "sitemap": links("/sitemap.xml"),
    }
    for url in feed_urls(client):
        found[f"feed {url}"] = links(url)
    return found


def article_form(page_title=TITLE, slug="fuji", **extra):
    """POST data of the article editor (create or edit)."""
    data = {
        "title": page_title,
        "slug": slug,
        "lead": "朝の富士山について書いた記事です。",
        "author": "",
        "display_date": "",
        "tags": TAG,
        "hero_image": "",
        "hero_image_alt": "",
        "body": streamfield(
            [
                ("heading", {"text": "はじめに", "level": "h2"}),
                ("paragraph", rich_text("<p>本文です。</p>")),
            ]
        ),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    # Fields and inline panels other parts of the project add keep their initial values.
    blank = ArticlePage.get_edit_handler().get_form_class()(instance=ArticlePage())
    for name, field in blank.fields.items():
        if name not in data:
            initial = blank.get_initial_for_field(field, name)
            data[name] = "" if initial is None else initial
    for name in blank.formsets:
        data[name] = inline_formset([])
    data.update(extra)
    return nested_form_data(data)


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def english_words(text):
    """Words of three or more Latin letters, leaving out URLs and addresses."""
    text = re.sub(r"https?://\S+|\S+@\S+", "", text)
    return re.findall(r"[A-Za-z]{3,}", text)


# ----------------------------------------------------------------------------- roles


@pytest.mark.django_db
def test_migration_creates_both_roles_and_the_review_workflow(home):
    authors = Group.objects.get(name=roles.AUTHORS)
    editors = Group.objects.get(name=roles.EDITORS)
    page_perms = {
        group.name: set(
            group.page_permissions.filter(page=home).values_list("permission__codename", flat=True)
        )
        for group in (authors, editors)
    }
    assert page_perms[roles.AUTHORS] == {"add_page", "change_page"}
    assert {"publish_page", "add_page", "change_page"} <= page_perms[roles.EDITORS]
    assert authors.collection_permissions.filter(permission__codename="add_image").exists()
    assert not authors.collection_permissions.filter(permission__codename="delete_image").exists()
    assert editors.permissions.filter(codename="change_author").exists()
    assert authors.permissions.filter(codename="access_admin").exists()
    # Wagtail's own English sample groups are gone (nobody used them).
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()

    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    assert workflow.active
    task = workflow.workflow_tasks.get().task.specific
    assert list(task.groups.all()) == [editors]
    assert home.get_workflow() == workflow


@pytest.mark.django_db
def test_editors_may_moderate_reader_comments_when_the_comments_app_is_installed():
    from django.apps import apps

    if not apps.is_installed("django_comments_xtd"):
        pytest.skip("django_comments_xtd is not installed")
    editors = Group.objects.get(name=roles.EDITORS)
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"change_xtdcomment", "delete_xtdcomment"} <= codenames
    authors = Group.objects.get(name=roles.AUTHORS)
    assert not authors.permissions.filter(codename="delete_xtdcomment").exists()


@pytest.mark.django_db
def test_author_cannot_publish_but_can_submit_for_review(client, index, author):
    client = logged_in(client, author)
    add_url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", index.pk))
    form = client.get(add_url).content.decode()
    assert "レビューに提出" in form or "編集者レビューに提出" in form
    assert 'name="action-publish"' not in form

    # Even a forged "publish" click only saves a draft.
    response = client.post(add_url, article_form(**{"action-publish": "action-publish"}))
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="fuji")
    assert not page.live
    assert client.get(page.url).status_code == 404


@pytest.mark.django_db
def test_editor_can_publish_from_the_editor(client, index, editor):
    client = logged_in(client, editor)
    add_url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", index.pk))
    assert 'name="action-publish"' in client.get(add_url).content.decode()
    response = client.post(add_url, article_form(**{"action-publish": "action-publish"}))
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="fuji")
    assert page.live
    client.logout()
    assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_author_cannot_unpublish_or_delete_authors_editor_can(client, index, author, editor):
    page = schedule(new_article(index), editor)
    assert page.live
    unpublish_url = reverse("wagtailadmin_pages:unpublish", args=(page.pk,))
    assert logged_in(client, author).post(unpublish_url).status_code in (302, 403)
    page.refresh_from_db()
    assert page.live
    assert logged_in(client, editor).post(unpublish_url).status_code == 302
    page.refresh_from_db()
    assert not page.live


# ----------------------------------------------------------------------------- workflow + mail


@pytest.mark.django_db
def test_review_round_trip_sends_japanese_mail_over_smtp(
    client, index, author, editor, smtp_server
):
    add_url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", index.pk))

    # 1. The author writes and submits: the editors are told.
    response = logged_in(client, author).post(add_url, article_form(**{"action-submit": "1"}))
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="fuji")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    (submitted,) = smtp_server.wait_for(1)
    assert submitted["To"].addresses[0].addr_spec == editor.email
    assert TITLE in submitted["Subject"]
    assert roles.TASK_NAME in submitted["Subject"]  # 「編集者の承認」で承認待ち
    assert f"/admin/pages/{page.pk}/edit/" in submitted.get_body().get_content()

    # 2. The editor asks for changes, with a comment: the author is told, comment included,
    #    and by whom, 姓 名.
    User.objects.filter(pk=editor.pk).update(last_name="鈴木")
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    comment = "導入をもう少し短くしてください。"
    response = logged_in(client, editor).post(
        edit_url,
        article_form(
            **{
                "action-workflow-action": "true",
                "workflow-action-name": "reject",
                "workflow-action-extra-data": json.dumps({"comment": comment}),
            }
        ),
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = smtp_server.wait_for(2)[1]
    assert rejected["To"].addresses[0].addr_spec == author.email
    assert comment in rejected.get_body().get_content()
    assert "鈴木 太郎" in rejected.get_body().get_content()

    # 3. The author revises and resubmits: the editors are told again.
    response = logged_in(client, author).post(
        edit_url, article_form(lead="短くしました。", **{"action-submit": "1"})
    )
    assert response.status_code == 302
    resubmitted = smtp_server.wait_for(3)[2]
    assert resubmitted["To"].addresses[0].addr_spec == editor.email

    # 4. The editor approves with a go-live time an hour ahead: the author is told, and the
    #    article is scheduled, not live.
    go_live = timezone.now() + timedelta(hours=1)
    response = logged_in(client, editor).post(
        edit_url,
        article_form(
            lead="短くしました。",
            go_live_at=local(go_live),
            **{
                "action-workflow-action": "true",
                "workflow-action-name": "approve",
                "workflow-action-extra-data": json.dumps({"comment": ""}),
            },
        ),
    )
    assert response.status_code == 302
    approved = smtp_server.wait_for(4)[3]
    assert approved["To"].addresses[0].addr_spec == author.email
    # Addressed in Japanese order, and linking to the admin: the public address is a 404
    # until the go-live time.
    body = approved.get_body().get_content()
    assert body.lstrip().startswith(f"{author.last_name} {author.first_name} 様".strip())
    assert "設定した日時になると自動で公開されます" in body
    assert page.url not in body.replace(f"/admin/pages/{page.pk}/edit/", "")
    admin_link = f"/admin/pages/{page.pk}/edit/"
    assert admin_link in body
    assert logged_in(client, author).get(admin_link).status_code == 200
    page.refresh_from_db()
    assert not page.live
    assert Revision.page_revisions.filter(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    ).exists()

    # Every mail is Japanese: subject and body, apart from names, URLs and addresses.
    for message in smtp_server.messages:
        text = message["Subject"] + message.get_body().get_content()
        text = text.replace(TITLE, "")
        assert english_words(text) == [], (message["Subject"], english_words(text))
        assert message["From"] == settings.WAGTAILADMIN_NOTIFICATION_FROM_EMAIL

    # 5. A minute after the go-live time, the scheduler publishes it.
    result = pass_at(go_live + timedelta(minutes=1))
    page.refresh_from_db()
    assert page.live
    assert result.published == [f"ArticlePage {page.pk} 「{TITLE}」"]


# ----------------------------------------------------------------------------- scheduling


@pytest.mark.django_db
def test_scheduled_article_appears_nowhere_before_its_time_and_everywhere_after(
    client, index, editor, django_capture_on_commit_callbacks
):
    go_live = timezone.now() + timedelta(hours=1)
    page = schedule(new_article(index), editor, go_live_at=go_live)
    assert not page.live

    before = places(client, page, index)
    assert any(name.startswith("feed ") for name in before), "the home page advertises no feed"
    assert not any(before.values()), before

    # Just before the time, a pass changes nothing.
    assert pass_at(go_live - timedelta(seconds=1)).published == []
    assert not any(places(client, page, index).values())

    # The pass commits in real use; the listings' kept counts are renewed when it does.
    with django_capture_on_commit_callbacks(execute=True):
        result = pass_at(go_live + timedelta(minutes=1))
    assert result.published == [f"ArticlePage {page.pk} 「{TITLE}」"]
    after = places(client, page, index)
    assert all(after.values()), after
    page.refresh_from_db()
    assert page.first_published_at == go_live + timedelta(minutes=1)


@pytest.mark.django_db
def test_expired_article_disappears_everywhere(client, index, editor):
    expire = timezone.now() + timedelta(hours=1)
    page = schedule(new_article(index), editor, expire_at=expire)
    assert page.live
    assert all(places(client, page, index).values())

    assert pass_at(expire - timedelta(seconds=1)).expired == []
    result = pass_at(expire + timedelta(minutes=1))
    assert result.expired == [f"ArticlePage {page.pk} 「{TITLE}」"]
    page.refresh_from_db()
    assert not page.live and page.expired
    gone = places(client, page, index)
    assert not any(gone.values()), gone


@pytest.mark.django_db
def test_a_second_pass_publishes_nothing_again(index, editor):
    go_live = timezone.now() + timedelta(hours=1)
    page = schedule(new_article(index), editor, go_live_at=go_live)
    later = go_live + timedelta(minutes=1)
    assert len(pass_at(later).published) == 1
    assert pass_at(later).published == []
    assert pass_at(later + timedelta(minutes=5)).published == []
    logged = PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled")
    assert logged.count() == 1


@pytest.mark.django_db
def test_a_pass_that_dies_half_way_is_redone_in_full(index, editor):
    go_live = timezone.now() + timedelta(hours=1)
    first = schedule(new_article(index, slug="first"), editor, go_live_at=go_live)
    second = schedule(
        new_article(index, title="二本目の記事", slug="second"),
        editor,
        go_live_at=go_live + timedelta(seconds=1),
    )
    real_command = call_command

    def crash_after_publishing(name):
        real_command(name)
        raise OperationalError("connection lost")  # e.g. the database went away at commit

    with (
        mock.patch.object(scheduler, "call_command", crash_after_publishing),
        pytest.raises(OperationalError),
    ):
        pass_at(go_live + timedelta(minutes=1))
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.live and not second.live  # rolled back: nothing half done

    result = pass_at(go_live + timedelta(minutes=1))
    assert len(result.published) == 2  # nothing skipped
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.live and second.live


@pytest.mark.postgres  # advisory locks (SQLite uses a lock file, tested apart)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_schedulers_at_once_publish_once(index, editor):
    go_live = timezone.now() + timedelta(hours=1)
    page = schedule(new_article(index), editor, go_live_at=go_live)

    inside = threading.Event()  # scheduler A holds the lock and is publishing
    b_done = threading.Event()  # scheduler B has tried and given up
    real_command = call_command

    def slow_publish(name):
        inside.set()
        assert b_done.wait(10)
        real_command(name)

    results = {}

    def run(name, patched):
        try:
            if patched:
                with mock.patch.object(scheduler, "call_command", slow_publish):
                    results[name] = scheduler.tick()
            else:
                assert inside.wait(10)
                results[name] = scheduler.tick()
                b_done.set()
        finally:
            connection.close()  # each thread has its own connection

    with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(minutes=1)):
        threads = [
            threading.Thread(target=run, args=("A", True)),
            threading.Thread(target=run, args=("B", False)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert results["B"].skipped and results["B"].published == []
        assert results["A"].published == [f"ArticlePage {page.pk} 「{TITLE}」"]
        assert scheduler.tick().published == []  # and a third pass finds nothing left
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count() == 1


@pytest.mark.django_db
def test_file_lock_stops_a_second_scheduler_on_sqlite(tmp_path, settings):
    settings.EDITORIAL_SCHEDULER_LOCK_DIR = tmp_path
    with scheduler._file_lock("default") as first, scheduler._file_lock("default") as second:
        assert first is True and second is False
    with scheduler._file_lock("default") as again:
        assert again is True


@pytest.mark.django_db
def test_run_scheduler_once_and_its_failure_exit_code(index, editor, caplog):
    page = schedule(new_article(index), editor, go_live_at=timezone.now() + timedelta(hours=1))
    with (
        mock.patch(
            "django.utils.timezone.now", return_value=page.go_live_at + timedelta(minutes=1)
        ),
        caplog.at_level("INFO", logger="editorial.scheduler"),
    ):
        call_command("run_scheduler", "--once")
    page.refresh_from_db()
    assert page.live
    assert f"Published on schedule: ArticlePage {page.pk}" in caplog.text

    with mock.patch.object(
        scheduler, "call_command", side_effect=OperationalError("database is down")
    ):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError):
            call_command("run_scheduler", "--once")


@pytest.mark.django_db
def test_a_database_outage_is_logged_and_the_loop_goes_on(caplog):
    command = RunScheduler()
    with (
        mock.patch(
            "editorial.management.commands.run_scheduler.tick",
            side_effect=[OperationalError("server closed the connection"), scheduler.TickResult()],
        ),
        caplog.at_level("ERROR", logger="editorial.scheduler"),
    ):
        assert command.run_pass() is False
        assert command.run_pass() is True
    assert "retrying next pass" in caplog.text


@pytest.mark.django_db
def test_next_due_is_the_earliest_go_live_or_expiry(index, editor):
    assert scheduler.next_due() is None
    soon = timezone.now() + timedelta(minutes=5)
    later = soon + timedelta(hours=1)
    schedule(new_article(index, slug="later"), editor, go_live_at=later)
    assert scheduler.next_due() == later
    schedule(new_article(index, slug="expires"), editor, expire_at=soon)
    assert scheduler.next_due() == soon


def test_the_loop_sleeps_until_the_due_time_but_never_longer_than_a_poll():
    from editorial.management.commands.run_scheduler import seconds_to_sleep

    now = timezone.now()
    assert seconds_to_sleep(now + timedelta(seconds=0.25), now, poll=1) == 0.25
    assert seconds_to_sleep(now + timedelta(hours=1), now, poll=1) == 1
    assert seconds_to_sleep(None, now, poll=1) == 1
    # A time already past (a failed or skipped pass) waits a poll instead of spinning.
    assert seconds_to_sleep(now - timedelta(seconds=5), now, poll=1) == 1


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in {"postgres", "postgresql"},
    reason="the scheduler process needs the PostgreSQL server that `make test` starts",
)
@pytest.mark.django_db(transaction=True)
def test_a_real_scheduler_process_publishes_within_five_seconds_of_the_time_set(index, editor):
    """Two real `run_scheduler` processes (the lock lets one work), started before the article
    is scheduled three seconds ahead: it is live within 5 s of that time, and published once."""
    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="blogsite.settings.test",
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        PYTHONUNBUFFERED="1",
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_scheduler"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for process in processes:
            for line in process.stdout:
                if "Scheduler started" in line:
                    break
        go_live_at = timezone.now() + timedelta(seconds=3)
        page = schedule(new_article(index), editor, go_live_at=go_live_at)
        assert not page.live
        while not ArticlePage.objects.filter(pk=page.pk, live=True).exists():
            assert timezone.now() < go_live_at + timedelta(seconds=5), "not live 5 s after"
            time.sleep(0.1)
        page.refresh_from_db()
        assert page.first_published_at - go_live_at < timedelta(seconds=5)
        published = PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled")
        assert published.count() == 1
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.communicate(timeout=20)


def test_scheduler_checks_at_least_every_minute():
    assert 0 < settings.EDITORIAL_SCHEDULER_INTERVAL <= 60


def test_scheduler_process_stops_cleanly_on_sigterm_even_with_the_database_down():
    """A real process: the database is unreachable, passes fail and are logged, and SIGTERM
    still ends it at once with exit code 0."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="blogsite.settings.test",
        DATABASE_URL="postgres://nobody:x@127.0.0.1:9/nothing",  # port 9: nothing listens
        PYTHONUNBUFFERED="1",
    )
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler", "--interval", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    try:
        for line in process.stdout:
            lines.append(line)
            if sum("retrying next pass" in seen for seen in lines) >= 2:
                break
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    output = "".join(lines) + out
    assert process.returncode == 0, output
    assert "SIGTERM received" in output and "Scheduler stopped." in output


# ----------------------------------------------------------------------------- Japanese admin


def test_wagtail_admin_catalogues_are_fully_translated():
    """Every message of every installed Wagtail app (Python, templates and the admin's
    JavaScript) has a Japanese translation, with our overrides applied. 100% is asserted
    rather than a threshold: the overrides cover every message, so any new English that a
    Wagtail upgrade brings fails here and names itself."""
    results = coverage()
    done, total = totals(results)
    missing = {f"{r.app} ({r.domain})": r.missing[:5] for r in results if r.missing}
    assert done == total, missing
    assert total > 1900  # Wagtail 8.0's catalogues were all found


def test_overrides_keep_wagtails_placeholders():
    from editorial.po import parse

    pattern = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for po in (
        ROOT / "locale_overrides/ja/LC_MESSAGES/django.po",
        ROOT / "locale_overrides/ja/LC_MESSAGES/djangojs.po",
    ):
        for entry in parse(po):
            wanted = set(pattern.findall(entry.msgid_plural or entry.msgid))
            got = set(pattern.findall(entry.msgstr[0]))
            allowed = wanted | set(pattern.findall(entry.msgid))
            assert got <= allowed, entry.msgid
            # A placeholder may be left out only where Wagtail's text names a count that
            # the Japanese sentence states otherwise (checked by msgfmt -c in CI).
            assert len(wanted - got) <= 1, entry.msgid


@pytest.mark.django_db
def test_admin_javascript_catalogue_serves_our_translations(client, editor):
    logged_in(client, editor)
    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    # "Insert a block", which Wagtail's own catalogue leaves untranslated.
    assert "ブロックを挿入" in script.encode().decode("unicode_escape")


@pytest.mark.django_db
def test_admin_screens_show_japanese_states_and_panels(client, index, editor, author):
    scheduled = schedule(
        new_article(index, slug="yoyaku"), editor, go_live_at=timezone.now() + timedelta(days=1)
    )
    new_article(index, title="書きかけの記事", slug="draft")
    live = schedule(new_article(index, title="公開済みの記事", slug="live"), editor)
    client = logged_in(client, editor)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    for heading in ("予約公開", "下書き", "レビュー待ち"):
        assert heading in dashboard
    assert TITLE in dashboard and "書きかけの記事" in dashboard
    with translation.override("ja"):
        go_live_text = date_format(timezone.localtime(scheduled.go_live_at), "DATETIME_FORMAT")
    assert go_live_text in dashboard

    explorer = client.get(reverse("wagtailadmin_explore", args=(index.pk,))).content.decode()
    for state in ("予約済み", "下書き", "公開中"):
        assert state in explorer

    states = client.get(reverse("editorial_article_states:index")).content.decode()
    assert "記事の状態" in states and go_live_text in states
    assert live.title in states

    guide = client.get(reverse("editorial_guide"))
    assert guide.status_code == 200
    assert "予約" in guide.content.decode()
    # Only plain PNG names under docs/images/ are served.
    assert client.get("/admin/editorial/guide/images/editor-guide.md").status_code == 404
    assert client.get("/admin/editorial/guide/images/..%2Fsettings.py").status_code != 200

    # The article editor: help text on the scheduling dates too.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(scheduled.pk,))).content.decode()
    with translation.override("ja"):
        assert str(GO_LIVE_HELP) in edit and "自動で公開されます" in edit

    # Authors see the same panels (their own dashboard).
    author_home = logged_in(client, author).get(reverse("wagtailadmin_home"))
    assert "予約公開" in author_home.content.decode()


@pytest.mark.django_db
def test_preview_renders_the_article_with_the_sites_stylesheet(client, index, editor):
    page = new_article(index)
    page.save_revision(user=editor)
    client = logged_in(client, editor)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=(page.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert TITLE in html and "本文です。" in html
    assert re.search(r'<link[^>]+rel="stylesheet"[^>]+/static/css/site[^"]*\.css', html)


@pytest.mark.django_db
def test_revisions_can_be_compared_and_rolled_back(client, index, editor):
    page = schedule(new_article(index), editor)
    first = page.latest_revision
    page.title = "書き直したタイトル"
    second = page.save_revision(user=editor)
    client = logged_in(client, editor)
    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, first.pk, second.pk))
    )
    assert compare.status_code == 200
    assert "書き直したタイトル" in compare.content.decode()
    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=(page.pk, first.pk)))
    assert revert.status_code == 200
    assert TITLE in revert.content.decode()


@pytest.mark.django_db
def test_editors_moderate_every_comment_authors_those_on_their_articles(client, author, editor):
    from comments.admin_views import comment_policy
    from comments.models import BlogComment

    url = reverse(BlogComment.snippet_viewset.get_url_name("list"))
    assert logged_in(client, editor).get(url).status_code == 200
    # Authors reach the list too (filtered: tests/test_author_admin.py), but never delete.
    assert logged_in(client, author).get(url).status_code == 200
    assert comment_policy.user_has_permission(editor, "delete")
    assert not comment_policy.user_has_permission(author, "delete")


# ----------------------------------------------------------------------------- real browser

GUIDE_IMAGES = ROOT / "docs" / "images"


def guide_screenshot(page, name):
    """Save a screenshot under test-artifacts/, and into docs/images/ for the editor guide
    when UPDATE_GUIDE_SCREENSHOTS=1 (how the guide's pictures are made)."""
    target = ROOT / "test-artifacts" / f"guide-{name}.png"
    target.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(target))
    if os.environ.get("UPDATE_GUIDE_SCREENSHOTS") == "1":
        GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
        (GUIDE_IMAGES / f"{name}.png").write_bytes(target.read_bytes())


def add_block(page, label):
    """Append a block to the article body through the block picker."""
    page.locator("[data-contentpath=body] .c-sf-add-button").last.click()
    page.locator("[role=option]", has_text=label).first.click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_writes_schedules_and_sees_the_article_go_live(live_server, browser_page):
    home = HomePage.objects.get()
    index = ArticleIndexPage(title="記事一覧", slug="articles")
    home.add_child(instance=index)
    index.save_revision().publish()
    make_user("taro", roles.EDITORS, "太郎")
    page = browser_page
    # Generous: two cores are shared with other test runs, and the admin's JavaScript is large.
    page.set_default_timeout(30_000)
    title = "ブラウザで書いて予約した記事"

    log_in(page, live_server.url, "taro", PASSWORD)

    page.goto(f"{live_server.url}/admin/pages/add/articles/articlepage/{index.pk}/")
    page.fill("#id_title", title)
    page.fill("#id_lead", "見出し・箇条書き・引用・Markdown を使った記事です。")
    add_block(page, "見出し")
    page.fill("[name='body-0-value-text']", "予約公開のしくみ")
    add_block(page, "箇条書き")
    page.locator("[data-contentpath=body] .public-DraftEditor-content").first.click()
    page.keyboard.type("30秒ごとに確認します")
    add_block(page, "引用")
    # The quote is rich text (links and bold kept): the second Draftail editor of the body.
    page.locator("[data-contentpath=body] .public-DraftEditor-content").nth(1).click()
    page.keyboard.type("書くことは考えること。")
    page.fill("[name='body-2-value-source']", "ある先輩")
    add_block(page, "Markdown")
    page.locator("[data-contentpath=body] .CodeMirror").first.click()
    page.keyboard.type("| 曜日 | 公開 |\n| --- | --- |\n| 月 | 9:00 |")
    page.locator("[name='body-0-value-text']").scroll_into_view_if_needed()
    guide_screenshot(page, "editor")

    # Schedule it: the next whole minute plus one (the field takes minutes), in Tokyo time.
    go_live = (timezone.now() + timedelta(minutes=2)).replace(second=0, microsecond=0)
    page.get_by_role("button", name="状態の表示を切り替え").click()
    page.get_by_role("button", name="公開予定を設定").first.click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.locator("#id_go_live_at").fill(local(go_live))
    dialog.get_by_role("heading", name="公開予定を設定").click()
    guide_screenshot(page, "schedule")
    with page.expect_navigation():
        # The date picker's calendar covers the button, as it would for a person until they
        # click elsewhere; the click is sent to the button itself.
        dialog.get_by_role("button", name="公開予定を保存").evaluate("button => button.click()")
    page.locator("footer button[data-w-dropdown-target='toggle']").click()
    with page.expect_navigation():
        page.get_by_role("button", name="予約公開する").click()
    assert "公開が予定されました" in page.content()

    article = ArticlePage.objects.get(title=title)
    assert not article.live
    assert [b.block_type for b in article.get_latest_revision_as_object().body] == [
        "heading",
        "bullet_list",
        "quote",
        "markdown",
    ]
    page.goto(f"{live_server.url}/admin/")
    guide_screenshot(page, "dashboard")
    page.goto(f"{live_server.url}/admin/editorial_article_states/")
    guide_screenshot(page, "article-states")

    page.goto(f"{live_server.url}/")
    assert title not in page.content()
    assert page.goto(f"{live_server.url}{article.url}").status == 404

    # Once the time has passed, the scheduler runs (the clock is moved, not waited for).
    with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(seconds=30)):
        call_command("run_scheduler", "--once")
    page.goto(f"{live_server.url}/")
    assert title in page.content()
    response = page.goto(f"{live_server.url}{article.url}")
    assert response.status == 200
    assert page.locator("blockquote").inner_text().strip() == "書くことは考えること。"
