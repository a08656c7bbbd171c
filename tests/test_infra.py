"""Checks that the test infrastructure is what it claims: real PostgreSQL, real SMTP, real
Chromium. If one of these fails, most other failures in the run are probably its consequence."""

from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection

import pytest

JAPANESE_SUBJECT = "【新着コメント】「縦書きと横書き」への返信がありました"


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql_when_database_url_is_set():
    assert connection.vendor == "postgresql"
    # pytest-django's own test database, not the one DATABASE_URL names.
    assert connection.settings_dict["NAME"].startswith("test_")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"
        cursor.execute("SELECT %s::text, upper(%s)", ["吾輩は猫である", "ärger"])
        assert cursor.fetchone() == ("吾輩は猫である", "ÄRGER")


def test_smtp_server_receives_japanese_mail_over_real_smtp(smtp_server, mailoutbox):
    sent = send_mail(
        JAPANESE_SUBJECT,
        "山田さん、こんにちは。\n記事にコメントが付きました。",
        "ことのは技術帖 <blog@example.com>",
        ["読者 <reader@example.jp>"],
    )
    assert sent == 1
    (message,) = smtp_server.wait_for(1)
    assert message["Subject"] == JAPANESE_SUBJECT
    assert message["To"].addresses[0].addr_spec == "reader@example.jp"
    assert message["To"].addresses[0].display_name == "読者"
    assert "記事にコメントが付きました。" in message.get_body().get_content()
    assert smtp_server.envelopes == [("blog@example.com", ["reader@example.jp"])]
    assert mailoutbox == []  # went over the wire, not into Django's locmem outbox


def test_smtp_down_makes_sending_fail(smtp_down):
    with pytest.raises(OSError):
        send_mail("件名", "本文", "blog@example.com", ["reader@example.jp"])
    assert send_mail("件名", "本文", "blog@example.com", ["r@example.jp"], fail_silently=True) == 0


@pytest.mark.browser
def test_browser_renders_japanese_text(browser_page, screenshot):
    html = (
        '<!doctype html><html lang="ja"><meta charset="utf-8"><title>試験</title>'
        "<h1>吾輩は猫である。名前はまだ無い。</h1>"
        "<p>どこで生れたかとんと見当がつかぬ。</p></html>"
    )
    browser_page.goto("data:text/html;charset=utf-8," + quote(html))
    assert browser_page.title() == "試験"
    assert browser_page.locator("h1").inner_text() == "吾輩は猫である。名前はまだ無い。"
    assert browser_page.evaluate("navigator.language") == "ja-JP"
    path = screenshot(browser_page, "infra-japanese-text")
    assert path.stat().st_size > 1000


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_reaches_live_server_while_orm_works(browser_page, live_server):
    # ORM calls while Playwright's loop is alive need DJANGO_ALLOW_ASYNC_UNSAFE (conftest).
    get_user_model().objects.create_user("infra", password="unused-password-123")
    response = browser_page.goto(f"{live_server.url}/admin/login/")
    assert response is not None and response.status == 200
    assert browser_page.locator("input[name=password]").count() == 1
    assert get_user_model().objects.filter(username="infra").exists()
