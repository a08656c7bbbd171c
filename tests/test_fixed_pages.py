"""Fixed pages (固定ページ) and the contact form (issue #17): what the editor builds, what
the reader sends, the mail over real SMTP, and the spam defences."""

from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

import pytest
import support_pages as pages
from support_comments import add_comment, form_data

from articles.models import ArticleIndexPage
from comments.models import BlogComment
from home.models import HomePage
from pages.models import ContactFormField, ContactPage, StandardPage
from pages.spam import strip_hidden_controls
from security.models import RateCounter

pytestmark = pytest.mark.django_db


def contact_page(**fields):
    page = ContactPage(
        title="お問い合わせ",
        slug="contact",
        intro="ご意見をお寄せください。",
        to_address="owner@example.jp",
        from_address="blog@example.jp",
        subject="お問い合わせ",
        **fields,
    )
    page.form_fields = [
        ContactFormField(label="お名前", field_type="singleline", required=True),
        ContactFormField(label="メールアドレス", field_type="email", required=True),
        ContactFormField(label="お問い合わせ内容", field_type="multiline", required=True),
    ]
    pages.home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def message(**overrides):
    return {
        "お名前": "山田 花子",
        "メールアドレス": "hanako@example.jp",
        "お問い合わせ内容": "記事を読みました。質問があります。",
        **overrides,
    }


def field_names(page):
    return {field.label: field.clean_name for field in page.form_fields.all()}


def post(client, page, data, address="127.0.0.1"):
    names = field_names(page)
    payload = {names.get(label, label): value for label, value in data.items()}
    return client.post(page.url, payload, REMOTE_ADDR=address)


def test_standard_page_renders_the_article_body_blocks(client):
    page = StandardPage(
        title="プロフィール",
        slug="profile",
        lead="書いている人について。",
        body=[
            ("heading", {"text": "経歴", "level": "h2"}),
            ("paragraph", "<p>東京で働いています。</p>"),
        ],
    )
    pages.home_page().add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/profile/").content.decode()
    assert '<h1 class="article__title">プロフィール</h1>' in html
    assert '<h2 id="経歴">経歴</h2>' in html
    assert "東京で働いています。" in html
    assert 'id="comments"' not in html  # no comment section on a page without comments


def test_a_fixed_page_shows_its_comments_and_takes_no_new_ones(client):
    page = StandardPage(title="プロフィール", slug="profile")
    pages.home_page().add_child(instance=page)
    page.save_revision().publish()
    first = add_comment(page, text="はじめまして。")
    add_comment(page, text="返信です。", parent=first)
    add_comment(page, text="承認待ちです。", public=False)
    html = client.get(page.url).content.decode()
    assert html.count('<li class="comment') == 2 and "承認待ちです。" not in html
    assert (
        html.index("はじめまして。")
        < html.index("comment-list--replies")
        < html.index("返信です。")
    )
    assert 'id="comment-form"' not in html
    response = client.post(reverse("comments-post-comment"), form_data(page))
    assert response.status_code == 400 and BlogComment.objects.for_page(page).count() == 3


class TestEditorCreatesFixedPages(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.site_root()

    def test_fixed_pages_go_under_the_home_page_only(self):
        allowed = {ArticleIndexPage, StandardPage, ContactPage}
        self.assertAllowedSubpageTypes(HomePage, allowed)
        self.assertAllowedParentPageTypes(StandardPage, {HomePage})

    def test_editor_creates_a_privacy_policy(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "プライバシーポリシー",
                    "slug": "privacy-policy",
                    "lead": "",
                    "body": streamfield(
                        [("paragraph", rich_text("<p>記録するのは閲覧数だけです。</p>"))]
                    ),
                }
            ),
        )

    def test_editor_creates_a_contact_page_with_its_fields(self):
        self.assertCanCreate(
            self.home,
            ContactPage,
            nested_form_data(
                {
                    "title": "お問い合わせ",
                    "slug": "contact",
                    "intro": "",
                    "thank_you_text": "ありがとうございました。",
                    "to_address": "owner@example.jp",
                    "from_address": "",
                    "subject": "",
                    "form_fields": inline_formset(
                        [{"label": "お名前", "field_type": "singleline", "required": "on"}]
                    ),
                }
            ),
        )
        assert ContactPage.objects.get().form_fields.get().label == "お名前"


def test_contact_page_is_never_cached_and_has_a_hidden_honeypot(client, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    page = contact_page()
    response = client.get(page.url)
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    html = response.content.decode()
    assert 'class="comment-form__hp" aria-hidden="true"' in html
    assert 'name="website"' in html and "お問い合わせ内容" in html


def test_a_message_is_stored_and_mailed_through_smtp(client, smtp_server):
    page = contact_page(thank_you_text="お返事までお待ちください。")
    response = post(client, page, message())
    assert response.status_code == 200
    assert "お返事までお待ちください。" in response.content.decode()
    submission = FormSubmission.objects.get(page=page)
    assert submission.get_data()[field_names(page)["お名前"]] == "山田 花子"
    assert "website" not in submission.form_data
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "owner@example.jp"
    body = mail.get_payload(decode=True).decode() if not mail.is_multipart() else str(mail)
    assert "記事を読みました。質問があります。" in body
    assert "website" not in body


def test_bidi_controls_are_removed_from_what_people_type(client):
    page = contact_page()
    post(client, page, message(**{"お問い合わせ内容": "請求書\u202eFDP.exe\u2066です\u200f"}))
    stored = FormSubmission.objects.get().get_data()[field_names(page)["お問い合わせ内容"]]
    assert stored == "請求書FDP.exeです"
    assert strip_hidden_controls("a\u061cb\u2069c") == "abc"
    # Shown again after an error: the clean text, not the reordered one.
    shown = post(client, page, message(**{"メールアドレス": "x", "お名前": "山田\u202e 花子"}))
    html = shown.content.decode()
    assert "山田 花子" in html and "\u202e" not in html


def test_nul_characters_are_removed_from_what_people_type(client):
    page = contact_page()
    response = post(client, page, message(**{"お問い合わせ内容": "本文\x00です\x00"}))
    assert response.status_code == 200
    stored = FormSubmission.objects.get().get_data()[field_names(page)["お問い合わせ内容"]]
    assert stored == "本文です"
    # Shown again after another error: the typed text without the NUL, and no NUL message.
    shown = post(client, page, message(**{"メールアドレス": "x", "お名前": "山田\x00 花子"}))
    html = shown.content.decode()
    assert "山田 花子" in html and "\x00" not in html and "NUL" not in html


def test_a_filled_honeypot_sends_nothing_and_says_so(client, smtp_server):
    page = contact_page()
    response = post(client, page, message(website="https://spam.example"))
    html = response.content.decode()
    assert "まだ送信されていません" in html and "最後の欄は空のままに" in html
    assert not FormSubmission.objects.exists()
    assert smtp_server.messages == []


def test_invalid_fields_keep_what_was_typed(client):
    page = contact_page()
    html = post(client, page, message(**{"メールアドレス": "not-an-address"})).content.decode()
    assert "まだ送信されていません" in html
    assert "記事を読みました。質問があります。" in html
    assert not FormSubmission.objects.exists()


def test_rate_limit_is_counted_in_the_database_per_client(client, settings):
    settings.CONTACT_RATE_LIMIT = 2
    page = contact_page()
    for _ in range(2):
        assert post(client, page, message()).status_code == 200
    refused = post(client, page, message(**{"お問い合わせ内容": "三通目の内容です。"}))
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "短い時間に続けて送信されました" in html and "三通目の内容です。" in html
    assert FormSubmission.objects.count() == 2
    # Counted in a table every worker reads; no address is kept in it, only a keyed hash.
    counter = RateCounter.objects.get()
    assert counter.count == 2 and counter.key.startswith("contact:")
    assert "127.0.0.1" not in counter.key
    assert post(client, page, message(), address="127.0.0.2").status_code == 200


def test_demo_loader_adds_the_fixed_pages_and_the_contact_page(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # idempotent
    assert StandardPage.objects.live().count() == 2
    contact = ContactPage.objects.live().get()
    assert contact.form_fields.count() == 3
    html = client.get(contact.url).content.decode()
    assert 'href="/privacy-policy/"' in html
    assert 'href="/profile/"' in html  # in the menu


def test_a_comment_shown_on_a_fixed_page_can_be_found_in_the_admin(admin_client):
    """Readers see the comments imported with a fixed page: the admin's comment listing lists
    them too, or no moderator could hide one."""
    page = StandardPage(title="プロフィール", slug="profile")
    pages.home_page().add_child(instance=page)
    page.save_revision().publish()
    comment = add_comment(page, text="固定ページへの昔のコメント")
    edit = admin_client.get(reverse("wagtailsnippets_comments_blogcomment:edit", args=[comment.pk]))
    assert edit.status_code == 200  # reachable by its address, but listed nowhere (below)
    add_comment(pages.article("記事", slug="an-article"), text="記事へのコメント")
    listing = admin_client.get(reverse("wagtailsnippets_comments_blogcomment:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "記事へのコメント" in html  # the listing works: an article's comment is there
    assert "固定ページへの昔のコメント" in html
