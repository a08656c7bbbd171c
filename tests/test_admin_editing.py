"""The author's path through the Wagtail admin: create, edit and preview an article."""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
import support_pages as pages

from articles.models import ArticlePage


def article_form_data(title="管理画面から書いた記事"):
    return nested_form_data(
        {
            "title": title,
            "slug": "from-admin",
            "lead": "管理画面で作成したリード文。",
            "tags": "執筆, 管理画面",
            "language": "ja",
            "related_links": inline_formset([]),
            "body": streamfield(
                [
                    ("heading", {"text": "はじめに", "level": "h2"}),
                    ("paragraph", rich_text("<p>本文の段落です。</p>")),
                    (
                        "bullet_list",
                        {
                            "ordered": "",
                            "items": streamfield(
                                [
                                    ("item", rich_text("<p>一つ目</p>")),
                                    ("item", rich_text("<p>二つ目</p>")),
                                ]
                            ),
                        },
                    ),
                    ("quote", {"text": rich_text("<p>引用です</p>"), "source": "誰か"}),
                    ("markdown", "| a | b |\n|---|---|\n| 1 | 2 |"),
                    ("callout", {"kind": "tip", "title": "", "text": rich_text("<p>ヒント</p>")}),
                    ("heading", {"text": "まとめ", "level": "h2"}),
                ]
            ),
        }
    )


class ArticleEditingTests(WagtailPageTestCase):
    def setUp(self):
        self.user = self.login()
        self.index = pages.article_index()

    def test_author_can_create_an_article_with_every_text_block(self):
        self.assertCanCreate(self.index, ArticlePage, article_form_data())
        page = ArticlePage.objects.get(slug="from-admin")
        assert [block.block_type for block in page.body] == [
            "heading",
            "paragraph",
            "bullet_list",
            "quote",
            "markdown",
            "callout",
            "heading",
        ]
        assert sorted(tag.name for tag in page.tags.all()) == ["執筆", "管理画面"]

    def test_edit_view_renders_with_japanese_labels(self):
        page = pages.article()
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        html = response.content.decode()
        for label in ["リード文", "本文", "記事の情報"]:
            assert label in html
        assert "cdn" not in html.lower()

    def test_preview_renders_the_article_as_readers_see_it(self):
        page = pages.article("プレビューの記事")
        self.assertPageIsPreviewable(page, post_data=article_form_data("プレビューの記事"))
        self.client.force_login(self.user)  # the assertion above logs its own user out
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        response = self.client.post(preview_url, article_form_data("プレビューの記事"))
        assert response.json()["is_valid"]
        html = self.client.get(preview_url).content.decode()
        assert "article__title" in html and "<table>" in html and 'href="#はじめに"' in html

    def test_page_renders_through_the_router(self):
        self.assertPageIsRenderable(pages.article())


@pytest.mark.django_db
def test_admin_login_page_is_in_japanese(client):
    html = client.get("/admin/login/").content.decode()
    assert 'lang="ja"' in html and "サインイン" in html
    labels = re.findall(r"<label[^>]*>\s*([^<*]+?)\s*<", html)
    assert "パスワード" in labels and "Password" not in labels


@pytest.mark.django_db
def test_ensure_admin_prints_credentials_that_work(client, tmp_path, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.BASE_DIR = tmp_path
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    text = out.getvalue()
    password = text.split("Initial password:")[1].split()[0]
    assert client.login(username="admin", password=password)
    call_command("ensure_admin", stdout=(second := StringIO()))
    assert password in second.getvalue()
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
