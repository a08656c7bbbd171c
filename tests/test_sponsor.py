"""The sponsored slot's outside hosts (issue #17): named in the site settings, added to the
Content-Security-Policy of the pages that show the slot and of no other page; checked in a
real Chromium, where the policy is what decides whether the advertiser's banner loads."""

import io

from django.core.exceptions import ValidationError

import pytest
import support_pages as pages
from PIL import Image
from test_discovery import site_settings

from home import sponsor

pytestmark = pytest.mark.django_db

AD_HOST = "https://ads.example.test"
BANNER = f"{AD_HOST}/banner.png"
STRANGER = "https://other.example.test/banner.png"


def policy(response):
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }


@pytest.mark.parametrize(
    "text",
    ["http://ads.example.com", "https://ads.example.com/path", "ads.example.com", "https://*"],
)
def test_only_https_origins_without_a_path_are_accepted(text):
    with pytest.raises(ValidationError):
        sponsor.parse_origins(text)


def test_origins_are_normalised_and_a_wildcard_subdomain_is_allowed():
    text = "https://Ads.Example.com/\n\n https://*.cdn.example.net \nhttps://ads.example.com"
    assert sponsor.parse_origins(text) == ["https://ads.example.com", "https://*.cdn.example.net"]
    assert sponsor.script_allowed("https://x.cdn.example.net/ad.js", ["https://*.cdn.example.net"])
    assert not sponsor.script_allowed("https://cdn.example.net.evil.test/ad.js", [AD_HOST])
    assert not sponsor.script_allowed("https://ads.example.test.evil.test/a.js", [AD_HOST])


def test_the_script_must_be_on_a_listed_host():
    with pytest.raises(ValidationError, match="hosts listed above|上に書いた"):
        site_settings(sponsor_position="end", sponsor_origins=AD_HOST, sponsor_script=STRANGER)


def test_only_pages_with_the_slot_allow_its_hosts(client):
    site_settings(
        sponsor_position="end",
        sponsor_html=f'<a href="https://ad.example/"><img src="{BANNER}" alt="広告"></a>',
        sponsor_origins=AD_HOST,
        sponsor_script=f"{AD_HOST}/ad.js",
    )
    article = client.get(pages.article("広告のある記事").url)
    directives = policy(article)
    for directive in ("script-src", "img-src", "frame-src"):
        assert AD_HOST in directives[directive], directive
    assert "'unsafe-inline'" not in directives["script-src"]
    html = article.content.decode()
    assert f'<script src="{AD_HOST}/ad.js" async></script>' in html
    assert f'src="{BANNER}"' in html

    home = client.get("/")  # no slot on the home page: the strict policy
    assert AD_HOST not in home["Content-Security-Policy"]


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "#336699").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_loads_the_banner_from_a_listed_host_and_blocks_others(browser_page, live_server):
    site_settings(
        sponsor_position="end",
        sponsor_html=f'<p><img src="{BANNER}" alt="広告A"><img src="{STRANGER}" alt="広告B"></p>',
        sponsor_origins=AD_HOST,
    )
    article = pages.article("広告の画像を読む記事")
    image = png_bytes()
    asked = []

    def outside(route):  # answered in the browser: nothing leaves this machine
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=image)

    browser_page.route("https://**/*", outside)
    browser_page.goto(f"{live_server.url}{article.url}")
    browser_page.wait_for_load_state("networkidle")
    loaded = browser_page.evaluate(
        "() => [...document.querySelectorAll('.sponsor img')].map(i => [i.alt, i.naturalWidth])"
    )
    assert loaded == [["広告A", 300], ["広告B", 0]]
    assert asked == [BANNER]  # the other host was refused by the policy, never requested
