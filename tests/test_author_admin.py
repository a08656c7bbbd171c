"""The author's admin without traps (issue #18): no autosave leftovers on new articles, a slug
clash explained, an author profile for every author, comments that reach them."""

import pytest
import support_pages as pages
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticlePage
from editorial import roles

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
