"""Admin text an author or editor reads (issue #18, item 5): one spelling per word in
Wagtail's Japanese, labelled values in revision comparisons, Japanese chooser titles."""

import re
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import translation

import pytest
import support_pages as pages

from articles.blocks import CALLOUT_KINDS, HEADING_LEVELS
from editorial.wording import findings


def test_every_wagtail_message_keeps_to_one_spelling_per_word():
    assert [(f.msgid, f.translation) for f in findings()] == []


def body(level, kind, ordered):
    return [
        ("heading", {"text": "見出し", "level": level}),
        ("callout", {"kind": kind, "title": "", "text": "<p>注意書き</p>"}),
        ("bullet_list", {"ordered": ordered, "items": ["<p>一つ目</p>"]}),
    ]


@pytest.mark.django_db
def test_the_revision_comparison_names_choices_as_the_form_does(admin_client):
    page = pages.article("比較する記事", slug="compare", body=body("h2", "tip", False))
    first = page.latest_revision
    page.body = body("h3", "warning", True)
    second = page.save_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, first.pk, second.pk))
    html = admin_client.get(url).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    with translation.override("ja"):
        wanted = [
            dict(HEADING_LEVELS)["h2"],
            dict(HEADING_LEVELS)["h3"],
            dict(CALLOUT_KINDS)["tip"],
            dict(CALLOUT_KINDS)["warning"],
            "はい",
            "いいえ",
        ]
        for label in map(str, wanted):
            assert label in text, label
    for raw in (" h3 ", " warning ", " True ", " False "):
        assert raw not in text, raw


@pytest.mark.django_db
def test_the_author_chooser_is_titled_in_japanese_order(admin_client):
    html = admin_client.get(reverse("wagtailsnippetchoosers_articles_author:choose")).content
    html = html.decode("unicode_escape") if b"\\u" in html else html.decode()
    assert "著者を選択" in html and "選択 著者" not in html


@pytest.mark.django_db
def test_admin_tab_titles_end_in_the_site_name(client, admin_client, settings):
    for page in (client.get(reverse("wagtailadmin_login")), admin_client.get("/admin/")):
        title = re.search(r"<title>(.*?)</title>", page.content.decode(), re.S).group(1)
        assert title.strip().endswith(f"- {settings.WAGTAIL_SITE_NAME}"), title
        assert "Wagtail" not in title


@pytest.mark.django_db
def test_the_root_page_and_the_moderation_permission_read_in_japanese(admin_client):
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import Page

    assert Page.get_first_root_node().title == "ルート"
    moderate = Permission.objects.filter(codename="can_moderate").first()
    editors = Group.objects.get(name="編集者")
    html = admin_client.get(reverse("wagtailusers_groups:edit", args=[editors.pk])).content
    assert moderate.name == "Can moderate comments" and "コメントを管理する" in html.decode()


@pytest.mark.django_db
def test_the_schedule_dialog_names_the_reviewers_button_too(admin_client):
    page = pages.article("予約する記事", slug="schedule-me")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "レビューでは「承認して公開」" in html
    assert "数秒以内に自動で公開されます" in html


class TextOf(HTMLParser):
    """The text a person reads in an HTML page: no tags, scripts, styles or templates."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self, html):
        super().__init__()
        self.inside, self.parts = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.inside.append(tag)

    def handle_endtag(self, tag):
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data):
        if not self.inside:
            self.parts.append(data)


def latin_words(html):
    text = re.sub(r"https?://\S+", " ", " ".join(TextOf(html).parts))
    return set(re.findall(r"[A-Za-z]{3,}", text))


@pytest.mark.django_db
def test_the_sites_screens_read_in_japanese(admin_client):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    listing = admin_client.get(reverse("wagtailsites:index")).content.decode()
    table = re.search(r'<table class="listing.*?</thead>', listing, re.S).group(0)
    headings = [re.sub(r"<[^>]+>|\s+", "", h) for h in re.findall(r"<th\b.*?</th>", table, re.S)]
    wanted = ["サイト", "ポート番号", "サイト名", "ルートページ", "デフォルト"]
    assert [h for h in headings if h] == wanted
    assert "サイトを追加" in listing
    for url in (reverse("wagtailsites:edit", args=[site.pk]), reverse("wagtailsites:add")):
        html = admin_client.get(url).content.decode()
        assert "オンにすると、どのサイトにも登録されていないホスト名" in html
        assert latin_words(html) <= {"URL"}  # as written in Japanese too


@pytest.mark.django_db
def test_only_those_allowed_to_manage_sites_see_them(client, admin_client):
    from django.contrib.auth.models import Group

    from users.models import User

    editor = User.objects.create_user("taro", "taro@example.jp", "pw-for-tests-12345")
    editor.groups.add(Group.objects.get(name="編集者"))
    assert reverse("wagtailsites:index") in admin_client.get("/admin/").content.decode()
    client.force_login(editor)
    assert reverse("wagtailsites:index") not in client.get("/admin/").content.decode()
    assert client.get(reverse("wagtailsites:index")).status_code in (302, 403)


@pytest.mark.django_db
def test_the_page_search_counts_results_without_none(admin_client):
    pages.article("富士山の朝", slug="fuji")
    html = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "富士山"}).content.decode()
    assert "1件中 1～1件目" in html
    assert "None" not in latin_words(html)
