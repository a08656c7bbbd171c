"""The admin's 「インポート」 view: upload or paste Markdown, get a draft to review."""

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import GroupPagePermission
from wagtail.users.models import UserProfile

import pytest
import support_pages as pages

from articles.models import ArticlePage

URL = "/admin/import/"
MARKDOWN = (
    "# 管理画面からの記事\n\n管理画面で貼り付けた原稿です。\n\n"
    "## 見出し\n\n- 一\n- 二\n\n![図](zu.png)\n"
)

pytestmark = pytest.mark.django_db


def in_english(user):
    """The admin speaks each user's language; the assertions below read the English msgids
    (the Japanese catalogue is written separately)."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def admin_client(client, django_user_model, index):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    in_english(user)
    client.force_login(user)
    client.user = user
    return client


def admin_user(django_user_model, name, *, can_add_articles, index=None):
    """A user who can log in to the admin; with can_add_articles, a member of a group allowed
    to add pages under the article list."""
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    group = Group.objects.create(name=f"group-{name}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if can_add_articles:
        GroupPagePermission.objects.create(
            group=group, page=index, permission=Permission.objects.get(codename="add_page")
        )
    user.groups.add(group)
    return in_english(user)


def test_the_form_and_the_menu_item_are_shown(admin_client):
    response = admin_client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="markdown_file"' in content and 'name="markdown_text"' in content
    assert 'enctype="multipart/form-data"' in content
    home = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert URL in home


def test_pasted_markdown_becomes_a_draft_and_opens_in_the_editor(admin_client, index):
    response = admin_client.post(URL, {"markdown_text": MARKDOWN, "index": index.pk}, follow=True)
    page = ArticlePage.objects.get()
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.revisions.count() == 1
    assert page.owner == admin_client.user
    assert (page.title, page.lead) == ("管理画面からの記事", "管理画面で貼り付けた原稿です。")
    assert [b.block_type for b in page.body] == ["heading", "bullet_list"]
    shown = [str(message) for message in response.context["messages"]]
    assert any("was imported as a draft" in message for message in shown)
    assert any("zu.png" in message for message in shown)  # the image that could not come along


def test_an_uploaded_file_is_imported_even_in_shift_jis(admin_client, index):
    upload = SimpleUploadedFile("memo.md", "# 古い原稿\n\nシフトJISの文章。".encode("cp932"))
    response = admin_client.post(URL, {"markdown_file": upload, "index": index.pk}, follow=True)
    page = ArticlePage.objects.get()
    assert page.title == "古い原稿" and page.lead == "シフトJISの文章。"
    assert any("Shift_JIS" in str(m) for m in response.context["messages"])


def test_the_chosen_article_list_is_used(admin_client, index):
    other = pages.article_index(slug="notes", title="ノート")
    admin_client.post(URL, {"markdown_text": MARKDOWN, "index": other.pk})
    assert ArticlePage.objects.get().get_parent().pk == other.pk


@pytest.mark.parametrize(
    "data, error",
    [
        ({}, "Upload a Markdown file or paste Markdown text."),
        ({"markdown_text": "   "}, "Upload a Markdown file or paste Markdown text."),
        ({"markdown_text": "見出しのない本文だけ。"}, "The Markdown has no title"),
    ],
)
def test_form_errors_keep_the_pasted_text(admin_client, index, data, error):
    response = admin_client.post(URL, {**data, "index": index.pk})
    assert response.status_code == 200
    content = response.content.decode()
    assert error in content
    if data.get("markdown_text", "").strip():
        assert data["markdown_text"] in content
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize(
    "name, content, error",
    [
        ("photo.jpg", b"\xff\xd8\xff", "Only Markdown files"),
        ("empty.md", b"", "The submitted file is empty."),  # Django's own check
        ("blank.md", b" \n\n ", "The file is empty."),
        ("binary.md", b"\x81\xff\xfe\x00\x80\x9f\xff" * 3, "not UTF-8"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(admin_client, index, name, content, error):
    upload = SimpleUploadedFile(name, content)
    response = admin_client.post(URL, {"markdown_file": upload, "index": index.pk})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_the_view_speaks_japanese_to_a_japanese_admin(admin_client, index):
    profile = UserProfile.get_for_user(admin_client.user)
    profile.preferred_language = "ja"
    profile.save()
    response = admin_client.post(URL, {"index": index.pk})
    content = response.content.decode()
    assert 'lang="ja"' in content
    assert "インポート" in content  # the page title ("Import", translated)


def test_a_user_who_cannot_add_articles_gets_403_and_no_menu_item(client, django_user_model, index):
    user = admin_user(django_user_model, "reader", can_add_articles=False)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"markdown_text": MARKDOWN, "index": index.pk}).status_code == 403
    assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert not ArticlePage.objects.exists()


def test_an_author_allowed_to_add_articles_can_import(client, django_user_model, index):
    user = admin_user(django_user_model, "writer", can_add_articles=True, index=index)
    client.force_login(user)
    response = client.post(URL, {"markdown_text": MARKDOWN, "index": index.pk})
    assert response.status_code == 302
    assert ArticlePage.objects.get().owner == user


def test_an_author_cannot_pick_a_list_they_may_not_add_to(client, django_user_model, index):
    user = admin_user(django_user_model, "writer", can_add_articles=True, index=index)
    other = pages.article_index(slug="private", title="別の一覧")
    client.force_login(user)
    response = client.post(URL, {"markdown_text": MARKDOWN, "index": other.pk})
    assert response.status_code == 200  # the choice is refused by the form
    assert not ArticlePage.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, index):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
