"""Every public address of the demo site walked with hostile values: overlong strings, NUL
bytes, invalid UTF-8 escapes, odd page numbers, path traversal, markup, bidi and zero-width
characters, forged headers, wrong methods. What must hold for each answer: no 5xx, no markup
from the request comes back as markup, and an HTML page carries the strict public policy.
Forms (comments, contact, language switch) keep what the reader typed and answer in Japanese.

Hypothesis-generated comment input is in test_fuzz.py; this module is the map of the site."""

from io import StringIO
from urllib.parse import quote, urlsplit

from django.core.management import call_command
from django.test import Client

import pytest
from support_comments import form_data
from taggit.models import Tag

from articles.models import ArticlePage, Author, Category
from pages.models import ContactPage

pytestmark = pytest.mark.django_db

MARKUP = "<script>alert(1)</script>"
# Already percent-encoded where a browser would send them so (or could not send them at all).
HOSTILE_IN_URLS = [
    "%00",
    "x%00y",
    "%ff%fe%c0%af",
    "%C0%AE%C0%AE%2F",
    "../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    quote(MARKUP),
    "%E2%80%AE%E2%80%8B",  # right-to-left override, zero-width space
    "99999999999999999999999",
    "-1",
    "0",
    "abc",
    "1e9",
    "%20",
    "%2F%2Fevil.example",
]
LONG = "a" * 100_000
QUERY_NAMES = ["page", "q", "hl", "next"]
HOSTILE_IN_FORMS = ["\x00", LONG, MARKUP, "\u202e\u200b", "%ff", "-1", "9" * 25]
REFERRER_POLICIES = {"same-origin", "strict-origin-when-cross-origin"}  # dev/test, production
FORM = "application/x-www-form-urlencoded"
FOREIGN = ["//evil.example", "https://evil.example/", "javascript:alert(1)", "\\\\evil.example"]


@pytest.fixture
def site(settings):
    # Each hostile post is one of the reader's allowance otherwise; the limits have tests of
    # their own (test_comments_security.py, test_fixed_pages.py).
    settings.COMMENTS_RATE_LIMIT = settings.CONTACT_RATE_LIMIT = 10**6
    call_command("load_demo", stdout=StringIO())
    return ArticlePage.objects.live().first()


def public_urls(article):
    tag, category, author = Tag.objects.first(), Category.objects.first(), Author.objects.first()
    return [
        "/",
        "/articles/",
        article.url,
        f"/articles/tag/{tag.slug}/",
        "/articles/tag/",
        f"/articles/tag/{tag.slug}/feed/",
        f"/articles/category/{category.path_slugs()}/",
        f"/articles/author/{author.slug}/",
        "/articles/2025/01/",
        "/search/",
        "/feed/",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/contact/",
        "/profile/",
        f"/share/{article.pk}/0.png",
        "/comments/reply/1/",
        f"/comments/sent/{article.pk}/",
        f"/comments/form-data/{article.pk}/",
        "/comments/confirm/abc/",
        "/comments/mute/abc/",
        "/documents/1/x.pdf",
        "/i18n/setlang/",
        "/views/view/",
        "/comments/post/",
        "/admin/login/",
    ]


# Where a hostile value becomes a path segment: every route with a variable part.
PATH_TEMPLATES = [
    "/articles/tag/{}/",
    "/articles/tag/{}/feed/",
    "/articles/category/{}/",
    "/articles/category/{}/{}/",
    "/articles/author/{}/",
    "/articles/{}/",
    "/articles/{}/01/",
    "/{}/",
    "/comments/confirm/{}/",
    "/comments/mute/{}/",
    "/comments/reply/{}/",
    "/share/1/{}.png",
    "/documents/1/{}",
    "/media/{}",
    "/static/{}",
]


class Walk:
    """Sends requests and keeps every answer that breaks a rule, to report them all at once."""

    def __init__(self):
        self.client = Client(raise_request_exception=False)
        self.problems = []

    def send(self, method, url, **extra):
        response = getattr(self.client, method)(url, **extra)
        for problem in problems_in(response):
            self.problems.append((method.upper(), url[:120], response.status_code, problem))
        return response


def problems_in(response):
    if response.status_code >= 500:
        yield "server error"
    body = b"".join(response) if response.streaming else response.content
    if MARKUP.encode() in body:
        yield "markup from the request shown as markup"
    if response.get("Content-Type", "").startswith("text/html") and response.status_code != 304:
        yield from policy_problems(response)
    if response.wsgi_request.path != "/healthz":  # answered before any middleware, for the proxy
        if response.get("X-Content-Type-Options") != "nosniff":
            yield "no X-Content-Type-Options"
        if response.get("Referrer-Policy") not in REFERRER_POLICIES:
            yield "no Referrer-Policy"


def policy_problems(response):
    """The public policy: no inline script or <style> (style attributes are allowed on purpose,
    see CONTENT_SECURITY_POLICY), framed by nobody else. The admin's login has its own."""
    policy = response.get("Content-Security-Policy", "")
    directives = dict((part.strip() + " ").split(" ", 1) for part in policy.split(";"))
    if "default-src" not in directives:
        yield "no Content-Security-Policy"
    elif not response.wsgi_request.path.startswith("/admin/"):
        for name in ("script-src", "style-src"):
            if "unsafe-inline" in directives.get(name, "unsafe-inline"):
                yield f"inline code allowed by {name}"
        if "frame-ancestors" not in directives:
            yield "no frame-ancestors"


def test_every_public_address_with_hostile_query_values(site):
    walk = Walk()
    for url in public_urls(site):
        for value in HOSTILE_IN_URLS:
            for name in QUERY_NAMES:
                walk.send("get", f"{url}?{name}={value}")
        walk.send("get", f"{url}?q={LONG}&page={LONG}&{LONG}=1")
    assert walk.problems == []


def test_every_variable_path_segment_with_hostile_values(site):
    walk = Walk()
    for template in PATH_TEMPLATES:
        for value in [*HOSTILE_IN_URLS, LONG]:
            walk.send("get", template.replace("{}", value))
    assert walk.problems == []


def test_wrong_methods_and_forged_headers_everywhere(site):
    walk = Walk()
    for url in public_urls(site):
        for method in ("head", "post", "put", "patch", "delete", "options", "trace"):
            walk.send(method, url)
        walk.send("get", url, HTTP_HOST="evil.example")
        walk.send("get", url, HTTP_HOST="a" * 300)
        walk.send(
            "get",
            url,
            HTTP_X_FORWARDED_FOR=f"{MARKUP}, 10.0.0.1, ::::, {'9' * 1000}",
            HTTP_REFERER="javascript:alert(1)",
            HTTP_ACCEPT_LANGUAGE="ja;q=x,,;;" + "en-" * 5000,
            HTTP_USER_AGENT="\x00" * 10,
            HTTP_COOKIE=f"sessionid=%00; csrftoken={'a' * 5000}; django_language={MARKUP}",
        )
    assert walk.problems == []


def test_hostile_values_in_every_comment_field_are_answered_and_the_text_kept(site):
    walk = Walk()
    fields = form_data(site)
    for name in [*fields, "followup", "parent", "junk"]:
        for value in HOSTILE_IN_FORMS:
            data = {**fields, name: value}
            response = walk.send("post", "/comments/post/", data=data, REMOTE_ADDR="127.0.0.2")
            assert response.status_code in {200, 302, 400, 403}, (name, value[:20])
            if name != "comment" and response.status_code in {200, 400}:
                assert fields["comment"] in response.content.decode(), (name, value[:20])
    assert walk.problems == []


def test_markup_in_a_comment_is_kept_as_text_on_the_error_page(site):
    data = form_data(site, comment=MARKUP, email="not an address")
    response = Client().post("/comments/post/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "有効なメールアドレスを入力してください。" in page


def test_hostile_values_in_every_contact_field_keep_the_rest_of_the_message(site):
    walk = Walk()
    names = [field.clean_name for field in ContactPage.objects.get().get_form_fields()]
    typed = "reader@example.jp"
    for name in [*names, "website", "csrfmiddlewaretoken"]:
        for value in HOSTILE_IN_FORMS:
            data = {**dict.fromkeys(names, typed), name: value}
            response = walk.send("post", "/contact/", data=data)
            page = response.content.decode()
            if "errorlist" in page:  # shown again: what the reader typed elsewhere is still there
                assert page.count(typed) >= len(names) - 1, (name, value[:20])
    assert walk.problems == []


def test_a_nul_byte_in_the_contact_form_is_dropped_not_shown_back(site):
    """NUL is removed with the bidi controls (security/text.py) before validation."""
    names = [field.clean_name for field in ContactPage.objects.get().get_form_fields()]
    data = dict.fromkeys(names, "not an address")
    data[names[-1]] = "本文\x00です"
    response = Client().post("/contact/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "errorlist" in page
    assert "本文です" in page and "\x00" not in page
    assert "入力できない文字（NUL 文字）" not in page


def test_raw_bodies_that_are_not_forms(site):
    walk = Walk()
    for url in ("/comments/post/", "/contact/", "/views/view/", "/i18n/setlang/", "/search/"):
        walk.send("post", url, data=b"\xff\xfe" * 1000, content_type=FORM)
        walk.send("post", url, data=b"a=%ff%fe&b=%00", content_type=FORM)
        walk.send("post", url, data=b"--x\r\n", content_type="multipart/form-data; boundary=x")
        walk.send("post", url, data=b"--x", content_type="multipart/form-data")
        walk.send("post", url, data="{}", content_type="application/json")
    assert walk.problems == []


@pytest.mark.parametrize("target", FOREIGN)
def test_the_language_switch_never_sends_readers_to_another_site(client, target):
    for response in (
        client.post("/i18n/setlang/", {"language": "en", "next": target}),
        client.get(f"/i18n/setlang/?language=en&next={quote(target)}"),
        client.post("/i18n/setlang/", {"language": "en"}, HTTP_REFERER=target),
    ):
        assert response.status_code in {200, 302, 405}
        location = urlsplit(response.get("Location", "/"))
        assert not location.netloc and location.scheme == "" and not location.path.startswith("//")


@pytest.mark.parametrize("target", FOREIGN)
def test_the_login_page_never_sends_an_author_to_another_site(client, django_user_model, target):
    django_user_model.objects.create_superuser("boss", "boss@example.jp", "a long passphrase 1")
    response = client.post(
        f"/admin/login/?next={quote(target)}",
        {"username": "boss", "password": "a long passphrase 1", "next": target},
    )
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert not location.netloc and not location.path.startswith("//")


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forged_forwarded_address_does_not_renew_the_contact_allowance(site, settings, proxies):
    """Without a proxy, X-Forwarded-For is ignored; behind one, only the address the proxy
    appended counts, so a reader cannot pose as another 127.0.0.x by writing the header."""
    settings.CONTACT_RATE_LIMIT, settings.COMMENTS_TRUSTED_PROXY_COUNT = 1, proxies
    names = [field.clean_name for field in ContactPage.objects.get().get_form_fields()]
    data = dict.fromkeys(names, "reader@example.jp")
    client = Client(REMOTE_ADDR="127.0.0.1")
    proxied = {"HTTP_X_FORWARDED_FOR": "127.0.0.2"} if proxies else {}
    assert client.post("/contact/", data, **proxied).status_code == 200
    forged = "127.0.0.7, 127.0.0.2" if proxies else "127.0.0.7"
    refused = client.post("/contact/", data, HTTP_X_FORWARDED_FOR=forged)
    assert refused.status_code == 429
    assert "短い時間に続けて送信されました" in refused.content.decode()
    other = {"HTTP_X_FORWARDED_FOR": "127.0.0.3"} if proxies else {"REMOTE_ADDR": "127.0.0.3"}
    assert client.post("/contact/", data, **other).status_code == 200


ADMIN_LISTINGS = [
    "/admin/pages/search/",
    "/admin/pages/{index}/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/snippets/",
    "/admin/users/",
    "/admin/reports/site-history/",
    "/admin/import/",
]


def test_the_admin_listings_and_searches_with_hostile_values(site, client, django_user_model):
    author = django_user_model.objects.create_superuser("boss", "boss@example.jp", "pw")
    client.force_login(author)
    index = site.get_parent().pk
    problems = []
    for url in (listing.format(index=index) for listing in ADMIN_LISTINGS):
        for value in [*HOSTILE_IN_URLS, LONG[:5000]]:
            for name in ("q", "p", "page", "ordering", "locale"):
                response = client.get(f"{url}?{name}={value}")
                if response.status_code >= 500:
                    problems.append((url, name, value[:20], response.status_code))
    assert problems == []
