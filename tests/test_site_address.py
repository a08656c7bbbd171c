"""BASE_URL is the site's one address: both Site records follow it (home/site_address.py)."""

from django.contrib.sites.models import Site as DjangoSite

from wagtail.models import Site

import pytest

from home.site_address import sync_site_records


@pytest.mark.django_db
def test_both_site_records_follow_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://kotonoha.example.jp:8443/"
    sync_site_records()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("kotonoha.example.jp", 8443)
    assert DjangoSite.objects.get_current().domain == "kotonoha.example.jp:8443"


@pytest.mark.django_db
def test_default_port_comes_from_the_scheme(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://blog.example.jp"
    sync_site_records()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("blog.example.jp", 443)
    assert DjangoSite.objects.get_current().domain == "blog.example.jp"


@pytest.mark.django_db
def test_an_address_without_host_changes_nothing(settings):
    before = Site.objects.get(is_default_site=True).root_url
    settings.WAGTAILADMIN_BASE_URL = "not a url"
    sync_site_records()
    assert Site.objects.get(is_default_site=True).root_url == before


@pytest.mark.django_db
def test_absolute_urls_start_with_the_site_address(settings, rf):
    from home.site_address import absolute_url

    settings.WAGTAILADMIN_BASE_URL = "https://blog.example.jp"
    sync_site_records()
    assert absolute_url("/feed/") == "https://blog.example.jp/feed/"
    request = rf.get("/", HTTP_HOST="blog.example.jp")
    assert absolute_url("/sitemap.xml", request) == "https://blog.example.jp/sitemap.xml"
    assert absolute_url("https://cdn.example.jp/a.png") == "https://cdn.example.jp/a.png"
    assert absolute_url("") == ""


@pytest.mark.django_db
def test_without_a_request_urls_are_built_on_base_url_itself(settings):
    """Emails and commands have no request: their links keep BASE_URL's scheme, even on a port
    where Wagtail's Site record would say http:// (it knows only a host and a port)."""
    from home.site_address import absolute_url

    settings.WAGTAILADMIN_BASE_URL = "https://kotonoha.example.jp:8443/"
    sync_site_records()
    assert Site.objects.get(is_default_site=True).root_url.startswith("http://")
    assert absolute_url("/comments/mute/x/") == "https://kotonoha.example.jp:8443/comments/mute/x/"
