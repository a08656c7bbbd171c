"""The two lockout attacks of issue #12, through the real login form over real sockets: a
live server, and one HTTP client per loopback address (127.0.0.x), so django-axes sees each
client's own address exactly as in production (REMOTE_ADDR from the socket).

1. Washing away: guesses at someone else's account, each series followed by a good login to
   one's own account from the same address, must still be stopped.
2. Turning it against the owner: failures from many addresses must not lock the owner out of
   their own address."""

import re

from django.contrib.auth import get_user_model

import httpx
import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery-staple"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def accounts():
    users = get_user_model().objects
    users.create_user("hanako", "hanako@example.jp", PASSWORD, is_superuser=True)
    users.create_user("taro", "taro@example.jp", PASSWORD, is_superuser=True)


@pytest.fixture
def client_at(live_server):
    """An HTTP client whose connections leave from the given loopback address."""
    base_url = live_server.url.replace("localhost", "127.0.0.1")
    clients = []

    def make(address):
        transport = httpx.HTTPTransport(local_address=address)
        client = httpx.Client(base_url=base_url, transport=transport, timeout=20)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def log_in(client, username, password):
    """Wagtail's login form, as a browser fills it in: the page first (CSRF cookie and token),
    then the POST. Returns the status code of the answer."""
    page = client.get("/admin/login/")
    token = TOKEN.search(page.text).group(1)
    response = client.post(
        "/admin/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{client.base_url}admin/login/"},
    )
    client.cookies.pop("sessionid", None)  # next round starts logged out
    return response.status_code


def test_own_good_login_does_not_wash_away_guesses_at_another_account(
    accounts, client_at, settings
):
    attacker = client_at("127.0.0.2")
    statuses = []
    for round_ in range(4):
        for n in range(settings.AXES_FAILURE_LIMIT - 1):
            statuses.append(log_in(attacker, "hanako", f"guess-{round_}-{n}"))
        log_in(attacker, "taro", PASSWORD)  # the attacker's own account
    assert 429 in statuses
    assert statuses.index(429) <= settings.AXES_FAILURE_LIMIT
    # Stopped: even the real password for the target no longer gets in from there.
    assert log_in(attacker, "hanako", PASSWORD) == 429


def test_failures_from_many_addresses_do_not_lock_the_owner_out(accounts, client_at, settings):
    for n in range(settings.AXES_FAILURE_LIMIT * 2):
        assert log_in(client_at(f"127.0.0.{10 + n}"), "hanako", "wrong-password") == 200
    owner = client_at("127.0.0.3")
    assert log_in(owner, "hanako", PASSWORD) == 302


def test_one_address_spraying_guesses_over_accounts_is_stopped(accounts, client_at, settings):
    sprayer = client_at("127.0.0.4")
    names = [f"user{n}" for n in range(settings.AXES_FAILURE_LIMIT)]
    assert [log_in(sprayer, name, "123456") for name in names][-1] == 429
    assert log_in(sprayer, "hanako", PASSWORD) == 429
    # Another reader's address is not affected.
    assert log_in(client_at("127.0.0.5"), "hanako", PASSWORD) == 302
