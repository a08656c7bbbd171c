"""The comment form as a mail relay (issue #12): the per-address limit must hold for variants
of one mailbox, a site-wide hourly cap must stop floods from many addresses, the counts must
live where every process sees them (the database), and another site's page must not be able
to post through its visitors."""

from django.test import Client
from django.urls import reverse

import pytest
from support_comments import form_data, make_article

from comments.models import PendingComment
from comments.ratelimit import normalized_address
from security.models import RateCounter

pytestmark = pytest.mark.django_db
POST = "/comments/post/"


@pytest.fixture
def article():
    return make_article()


def post_from(client, article, address, **fields):
    return client.post(POST, form_data(article, **fields), REMOTE_ADDR=address)


@pytest.mark.parametrize(
    "variant",
    ["Victim@Example.jp", "victim+1@example.jp", "victim+news@EXAMPLE.JP", " victim@example.jp "],
)
def test_variants_of_one_address_share_its_allowance(variant):
    assert normalized_address(variant) == "victim@example.jp"


def test_gmail_dots_and_googlemail_are_one_mailbox():
    assert normalized_address("V.i.c.t.i.m+2@googlemail.com") == "victim@gmail.com"
    assert normalized_address("v.ictim@example.jp") == "v.ictim@example.jp"  # dots matter here


def test_tagged_variants_of_one_address_are_limited_together(client, article, settings, mailoutbox):
    settings.COMMENTS_RATE_LIMIT = 2
    statuses = [
        post_from(client, article, f"127.0.0.{10 + n}", email=f"victim+{n}@gmail.com").status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 429, 429]
    assert len(mailoutbox) == 2


def test_site_wide_cap_of_confirmation_mails_per_hour(client, article, settings, mailoutbox):
    settings.COMMENTS_MAIL_PER_HOUR = 3
    statuses = [
        post_from(client, article, f"127.0.0.{20 + n}", email=f"reader{n}@example.jp").status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mailoutbox) == 3


def test_counts_are_kept_in_the_database_not_in_a_process(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = 1
    assert post_from(client, article, "127.0.0.30", email="a@example.jp").status_code == 302
    assert RateCounter.objects.filter(key="comment-mail:site", count=1).exists()
    assert RateCounter.objects.count() == 3  # the site, the address, the mailbox (hashed)
    assert not RateCounter.objects.filter(key__contains="example.jp").exists()
    assert not RateCounter.objects.filter(key__contains="127.0.0.30").exists()
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()  # nothing in any process cache matters
    assert post_from(client, article, "127.0.0.30", email="b@example.jp").status_code == 429


def test_a_cross_site_post_without_this_sites_token_is_refused(article, mailoutbox):
    client = Client(enforce_csrf_checks=True)
    for headers in (
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
    ):
        response = client.post(POST, form_data(article, email="victim@example.jp"), **headers)
        assert response.status_code == 403
        assert "このサイトのページのフォームからのみ" in response.content.decode()
    assert mailoutbox == [] and not PendingComment.objects.exists()


def test_our_form_without_javascript_gets_a_token_on_the_second_press(article, mailoutbox):
    client = Client(enforce_csrf_checks=True)
    page = client.get(article.url).content.decode()
    assert "csrfmiddlewaretoken" not in page  # the cacheable copy carries no token
    first = client.post(POST, form_data(article), HTTP_SEC_FETCH_SITE="same-origin")
    assert first.status_code == 403 and mailoutbox == []
    html = first.content.decode()
    assert "もう一度" in html and form_data(article)["comment"] in html
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    second = client.post(POST, {**form_data(article), "csrfmiddlewaretoken": token})
    assert second.status_code == 302 and len(mailoutbox) == 1


def test_the_form_script_gets_the_readers_own_token(article, mailoutbox):
    client = Client(enforce_csrf_checks=True)
    data = client.get(reverse("comments-form-data", args=[article.pk])).json()
    assert data["csrf_token"] and "csrftoken" in client.cookies
    response = client.post(POST, {**form_data(article), "csrfmiddlewaretoken": data["csrf_token"]})
    assert response.status_code == 302 and len(mailoutbox) == 1
