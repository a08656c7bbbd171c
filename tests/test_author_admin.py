"""The author's admin without traps (issue #18): no autosave leftovers on new articles, a slug
clash explained, an author profile for every author, comments that reach them."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
import support_pages as pages

from articles.models import ArticlePage
from editorial import roles
from users.models import User
from users.names import family_name_before_given

PASSWORD = "pw-for-tests-12345"


def make_user(username, group, first_name="花子", last_name="山田"):
    user = User.objects.create_user(
        username, f"{username}@example.jp", PASSWORD, first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def author_user():
    return make_user("hanako", roles.AUTHORS)


def create_url(index):
    return reverse("wagtailadmin_pages:add", args=("articles", "articlepage", index.pk))


def new_article_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "lead": "リード文です。",
            "tags": "",
            "language": "ja",
            "related_links": inline_formset([]),
            "body": streamfield([("paragraph", rich_text("<p>本文です。</p>"))]),
        }
    )


@pytest.mark.django_db
def test_a_new_article_form_is_not_autosaved(client, author_user):
    index = pages.article_index()
    client.force_login(author_user)
    html = client.get(create_url(index)).content.decode()
    form_tag = html[html.index('data-controller="w-init w-unsaved') :].split(">", 1)[0]
    assert "w-autosave" not in form_tag  # the unsaved-changes warning stays, autosave does not
    assert "data-w-autosave-interval-value" not in html


@pytest.mark.django_db
def test_a_slug_taken_by_an_old_draft_is_explained_in_japanese(client, author_user):
    index = pages.article_index()
    pages.article("富士山の朝", slug="fuji", publish=False, index=index)
    client.force_login(author_user)
    response = client.post(create_url(index), new_article_form("富士山の朝", "fuji"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "前に保存した同じタイトルの下書きかもしれません" in html
    assert "「URL・検索」タブでスラッグを変えてください" in html
    assert ArticlePage.objects.filter(slug="fuji").count() == 1


# ----------------------------------------------------------------------------- people


def test_display_name_puts_the_family_name_first():
    from editorial.people import display_name

    assert display_name(User(username="hanako", first_name="花子", last_name="山田")) == "山田 花子"
    assert display_name(User(username="hanako", first_name="花子")) == "花子"
    assert display_name(User(username="hanako")) == "hanako"


@pytest.mark.django_db
def test_joining_the_authors_gives_a_linked_profile_under_the_japanese_name(author_user):
    profile = author_user.author_profile
    assert profile.name == "山田 花子" and profile.slug == "hanako"
    # From the group's side too, and an editor's earlier profile with that name is linked.
    from articles.models import Author

    earlier = Author.objects.create(name="佐藤 一郎", slug="sato")
    ichiro = User.objects.create_user(
        "ichiro", "ichiro@example.jp", PASSWORD, first_name="一郎", last_name="佐藤"
    )
    Group.objects.get(name=roles.AUTHORS).user_set.add(ichiro)
    earlier.refresh_from_db()
    assert earlier.user == ichiro
    editor = make_user("taro", roles.EDITORS, "太郎", "鈴木")
    assert not Author.objects.filter(user=editor).exists()


@pytest.mark.django_db
def test_an_author_edits_their_own_profile_and_no_one_elses(client, author_user):
    from articles.models import Author

    other = make_user("jiro", roles.AUTHORS, "次郎", "田中").author_profile
    own = author_user.author_profile
    client.force_login(author_user)
    edit = "wagtailsnippets_articles_author:edit"
    html = client.get(reverse(edit, args=[own.pk])).content.decode()
    assert 'name="bio"' in html and 'name="user"' not in html  # cannot hand it to another
    response = client.post(
        reverse(edit, args=[own.pk]), {"name": "やまだ はなこ", "slug": "hanako", "bio": "書き手。"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.name, own.bio, own.user) == ("やまだ はなこ", "書き手。", author_user)
    assert client.get(reverse(edit, args=[other.pk])).status_code in (302, 403)
    client.post(reverse(edit, args=[other.pk]), {"name": "乗っ取り", "slug": "jiro", "bio": ""})
    assert Author.objects.get(pk=other.pk).name == "田中 次郎"


# ----------------------------------------------------------------------------- comments


def comment_on(article, text="読みました。とても参考になりました。", **fields):
    from comments import posting

    values = {
        "name": "読者 一号",
        "email": "reader@example.jp",
        "url": "",
        "followup": True,
        "parent_id": 0,
        "ip": "127.0.0.9",
    }
    return posting.create_comment(article, text=text, **{**values, **fields})[0]


@pytest.mark.django_db
def test_the_author_gets_the_comment_and_its_moderation_link_works_for_them(
    client, author_user, mailoutbox
):
    from comments import notifications
    from comments.models import Status

    own = pages.article("自分の記事", slug="own", author=author_user.author_profile)
    others = pages.article(
        "他人の記事",
        slug="others",
        author=make_user("jiro", roles.AUTHORS, "次郎", "田中").author_profile,
    )
    mine = comment_on(own, "自分の記事へのコメントです。")
    theirs = comment_on(others, "他人の記事へのコメントです。")
    for comment in (mine, theirs):
        comment.is_public = False  # waiting for approval
        comment.save()
    notifications.notify_author(mine, own)
    [mail] = [m for m in mailoutbox if m.to == [author_user.email]]
    link = next(line for line in mail.body.splitlines() if "status=pending" in line)
    client.force_login(author_user)
    response = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "自分の記事へのコメントです" in html and "他人の記事へのコメントです" not in html
    assert "アクセス権がありません" not in html

    from comments.admin_views import comment_policy, listing_buttons

    assert comment_policy.user_has_permission_for_instance(author_user, "change", mine)
    assert not comment_policy.user_has_permission_for_instance(author_user, "change", theirs)
    assert not comment_policy.user_has_permission_for_instance(author_user, "delete", mine)
    assert listing_buttons(theirs, author_user, "/") == []
    assert mine.status == Status.PENDING


@pytest.mark.django_db
def test_an_article_without_an_author_profile_tells_the_account_that_created_it(author_user):
    from comments.notifications import author_user as told

    article = pages.article("作成者の記事", slug="by-owner", owner=author_user)
    assert told(article) == author_user


@pytest.mark.django_db
def test_the_author_replies_from_the_admin_under_their_pen_name(client, author_user, mailoutbox):
    profile = author_user.author_profile
    profile.name = "ことのは 花子"
    profile.save()
    article = pages.article("返信する記事", slug="reply-here", author=profile)
    question = comment_on(article, "質問があります。")
    client.force_login(author_user)
    url = reverse("comments_admin_reply", args=[question.pk])
    html = client.get(url).content.decode()
    assert "質問があります。" in html and "ことのは 花子" in html
    assert "返信を書いてください" in client.post(url, {"comment": "  "}).content.decode()
    response = client.post(url, {"comment": "ご質問ありがとうございます。"})
    assert response.status_code == 302
    reply = question.__class__.objects.get(parent_id=question.pk, level=1)
    assert (reply.user_name, reply.user, reply.is_public) == ("ことのは 花子", author_user, True)
    # The reader who asked for follow-ups hears about it.
    assert any(m.to == ["reader@example.jp"] for m in mailoutbox)
    # Another author cannot reply on this article.
    client.force_login(make_user("jiro", roles.AUTHORS, "次郎", "田中"))
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_dashboard_names_the_author_family_name_first(client, author_user):
    pages.article("下書きの記事", slug="draft-one", publish=False, owner=author_user)
    client.force_login(make_user("taro", roles.EDITORS, "太郎", "鈴木"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "下書きの記事" in html
    assert "山田 花子" in html and "花子 山田" not in html


@pytest.mark.django_db
def test_the_data_migration_gives_authors_from_before_the_signal_a_profile():
    """Run on the historical models of that migration's state, as `migrate` does."""
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from articles.models import Author

    name = "0003_author_profiles_for_existing_authors"
    historical = MigrationLoader(connection).project_state(("editorial", name)).apps
    authors = Group.objects.get(name=roles.AUTHORS)
    old_hand = make_user("hanako", roles.AUTHORS)  # the signal gave one: remove it
    Author.objects.filter(user=old_hand).delete()
    namesake = Author.objects.create(name="佐藤 一郎", slug="sato")
    ichiro = make_user("ichiro", roles.EDITORS, "一郎", "佐藤")
    authors.user_set.through.objects.create(user=ichiro, group=authors)  # no m2m_changed
    keeps = make_user("jiro", roles.AUTHORS, "次郎", "田中").author_profile
    editor = make_user("taro", roles.EDITORS, "太郎", "鈴木")
    Author.objects.create(name="山田 花子", slug="hanako")  # taken slug, linked elsewhere
    Author.objects.filter(slug="hanako").update(user=editor)

    import_module(f"editorial.migrations.{name}").give_profiles(historical, None)

    created = Author.objects.get(user=old_hand)
    assert (created.name, created.slug) == ("山田 花子", "hanako-2")
    namesake.refresh_from_db()
    assert namesake.user == ichiro  # an editor's earlier profile with that name is linked
    assert Author.objects.get(user__username="jiro") == keeps
    assert Author.objects.filter(user=editor).count() == 1
    import_module(f"editorial.migrations.{name}").give_profiles(historical, None)
    assert Author.objects.filter(user__isnull=False).count() == 4


@pytest.mark.django_db
def test_a_new_article_can_be_previewed_before_its_first_save(client, author_user):
    """The preview of an unsaved article used to be a 500 (related articles filtered on it, the
    comment form asked for its address)."""
    index = pages.article_index()
    pages.article("同じタグの記事", slug="same-tag", index=index, tags=["散歩"])
    client.force_login(author_user)
    url = reverse("wagtailadmin_pages:preview_on_add", args=("articles", "articlepage", index.pk))
    form = new_article_form("まだ保存していない記事", "unsaved")
    form.update(tags="散歩", comments_open="on")  # the comment form renders in the preview
    assert client.post(url, form).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "まだ保存していない記事" in html and "同じタグの記事" in html
    assert 'class="comment-form"' in html


@pytest.mark.django_db
def test_the_users_screens_name_people_family_name_first(admin_client, client, author_user):
    client.force_login(author_user)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "山田 花子" in dashboard and "花子 山田" not in dashboard
    for url in (
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:edit", args=[author_user.pk]),
        reverse("wagtailusers_users:history", args=[author_user.pk]),
    ):
        html = admin_client.get(url).content.decode()
        assert "山田 花子" in html and "花子 山田" not in html, url


@pytest.mark.django_db
def test_the_user_forms_ask_for_the_family_name_first(admin_client, author_user):
    for url in (
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_users:edit", args=[author_user.pk]),
    ):
        html = admin_client.get(url).content.decode()
        assert 0 < html.index('name="last_name"') < html.index('name="first_name"'), url
        assert 'name="email"' in html and 'name="password1"' in html
    edit = admin_client.get(reverse("wagtailusers_users:edit", args=[author_user.pk]))
    assert 'name="is_active"' in edit.content.decode()


@pytest.mark.django_db
def test_the_account_settings_ask_for_the_family_name_first_and_save_it(client, author_user):
    client.force_login(author_user)
    html = client.get(reverse("wagtailadmin_account")).content.decode()
    family, given = 'name="name_email-last_name"', 'name="name_email-first_name"'
    assert 0 < html.index(family) < html.index(given)
    assert 'name="name_email-email"' in html and 'name="locale-preferred_language"' in html
    form = {
        "name_email-last_name": "佐藤",
        "name_email-first_name": "一郎",
        "name_email-email": "ichiro@example.jp",
        "locale-preferred_language": "ja",
        "locale-current_time_zone": "Asia/Tokyo",
        "theme-theme": "system",
        "theme-contrast": "system",
        "theme-density": "default",
    }
    response = client.post(reverse("wagtailadmin_account"), form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    author_user.refresh_from_db()
    assert (author_user.last_name, author_user.first_name) == ("佐藤", "一郎")


def test_only_forms_with_both_name_parts_are_reordered():
    assert family_name_before_given(["first_name", "last_name", "email"]) == [
        "last_name",
        "first_name",
        "email",
    ]
    assert family_name_before_given(["email", "first_name"]) == ["email", "first_name"]
