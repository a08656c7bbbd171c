"""Admin login protection: lockout per account and per client address (django-axes, through
Wagtail's own login form), a Japanese lockout page that reveals nothing, strong passwords,
and no way to learn which accounts exist (login errors, password reset)."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

import pytest

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def axes_on(settings):
    """The test settings switch axes off (Client.login() has no request); these tests need it."""
    settings.AXES_ENABLED = True
    settings.LANGUAGE_CODE = "ja"


@pytest.fixture
def editor():
    return get_user_model().objects.create_user(
        "hanako", "hanako@example.jp", PASSWORD, is_superuser=True
    )


def attempt(client, username, password, ip="203.0.113.10"):
    data = {"username": username, "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="ja")


def error_text(response):
    """The login page's error messages."""
    return re.findall(r'<li class="error">(.*?)</li>', response.content.decode(), re.S)


def without_tokens(response, typed_name=""):
    """The page without what differs per request: CSRF tokens and the username typed back."""
    html = response.content.decode()
    if typed_name:
        html = html.replace(typed_name, "USER")
    return re.sub(r'("CSRF_TOKEN": "|name="csrfmiddlewaretoken" value=")[^"]+', "", html)


def test_correct_password_logs_in_through_wagtails_form_with_axes(client, editor):
    response = attempt(client, "hanako", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_unknown_account_and_wrong_password_get_the_same_answer(client, editor):
    unknown = attempt(client, "nobody", "whatever-password-1")
    wrong = attempt(client, "hanako", "whatever-password-1")
    assert unknown.status_code == wrong.status_code == 200
    assert error_text(unknown) == error_text(wrong) != []
    assert "ユーザー名とパスワードが一致しませんでした" in error_text(wrong)[0]
    assert without_tokens(unknown, "nobody") == without_tokens(wrong, "hanako")


def test_account_is_locked_at_an_address_after_five_failures_there(client, editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "hanako", f"wrong-{n}", ip="127.0.0.21").status_code == 200
    locked = attempt(client, "hanako", "wrong-last", ip="127.0.0.21")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "ログインが一時的にロックされています" in html
    assert "15分間" in html
    assert locked["Retry-After"] == "900"
    # Even the right password is refused there while the lock lasts.
    assert attempt(client, "hanako", PASSWORD, ip="127.0.0.21").status_code == 429
    assert "_auth_user_id" not in client.session
    # The owner, from their own address, is not locked out by what happened elsewhere.
    assert attempt(client, "hanako", PASSWORD, ip="127.0.0.22").status_code == 302


def test_address_is_locked_after_five_failures_on_any_accounts(client, editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess{n}", "wrong-password", ip="203.0.113.50")
    # Another account (the real one, right password) from the same address: refused.
    assert attempt(client, "hanako", PASSWORD, ip="203.0.113.50").status_code == 429
    # The same account from elsewhere is fine: the address was locked, not the account.
    assert attempt(client, "hanako", PASSWORD, ip="203.0.113.51").status_code == 302


def test_lockout_page_is_the_same_for_existing_and_unknown_accounts(client, editor, settings):
    pages = []
    for name, ip in (("hanako", "192.0.2.1"), ("nobody", "192.0.2.2")):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            response = attempt(client, name, "wrong-password", ip=ip)
        pages.append((response.status_code, response.content))
    assert pages[0] == pages[1]
    assert pages[0][0] == 429


def test_administrator_can_lift_a_lockout(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "hanako", "wrong-password")
    call_command("axes_reset_username", "hanako")
    call_command("axes_reset_ip", "203.0.113.10")
    assert attempt(client, "hanako", PASSWORD).status_code == 302


def test_success_resets_the_failure_count(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "hanako", "wrong-password")
    assert attempt(client, "hanako", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "hanako", "wrong-password").status_code == 200


@pytest.mark.parametrize(
    "password", ["short-pw1", "password1234", "123456789012345", "hanako@example.jp"]
)
def test_weak_passwords_are_refused(editor, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=editor)


def test_a_long_passphrase_is_accepted(editor):
    validate_password("縦書きの夜に読む長い記事", user=editor)
    validate_password("correct-horse-battery-staple", user=editor)


def test_a_short_password_is_explained_in_japanese(editor):
    form = SetPasswordForm(editor, {"new_password1": "Tanuki-2024", "new_password2": "Tanuki-2024"})
    with translation.override("ja"):
        assert not form.is_valid()
        assert "12 文字以上" in str(form.errors["new_password2"])


def test_password_reset_says_the_same_whether_or_not_the_address_exists(client, editor, mailoutbox):
    known = client.post("/admin/password_reset/", {"email": "hanako@example.jp"})
    unknown = client.post("/admin/password_reset/", {"email": "nobody@example.jp"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert without_tokens(client.get(known["Location"])) == without_tokens(
        client.get(unknown["Location"])
    )
    assert [message.to for message in mailoutbox] == [["hanako@example.jp"]]
