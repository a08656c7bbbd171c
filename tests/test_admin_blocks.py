"""The editor's path: an article with every body block created through the admin form
(Wagtail's WagtailPageTestCase with nested_form_data and streamfield)."""

import io
import json

from django.core.cache import caches
from django.core.files.images import ImageFile

from wagtail.images.models import Image
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import support_pages as pages
from PIL import Image as PILImage

from articles.models import ArticlePage


def picture(name):
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), "#4477aa").save(buffer, format="PNG")
    return Image.objects.create(title=name, file=ImageFile(buffer, name=name))


TABLE = {
    "data": [["言語", "用途"], ["Python", "サーバー"]],
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "table_caption": "言語の一覧",
    "table_header_choice": "row",
}


def every_block(linked_page, author, images, media):
    return [
        ("heading", {"text": "はじめに", "level": "h2"}),
        ("paragraph", rich_text("<p>コマンドは<code>make run</code>です。</p>")),
        ("bullet_list", {"ordered": "", "items": streamfield([("item", rich_text("<p>一</p>"))])}),
        (
            "quote",
            {"text": rich_text('<p><b>太字</b>と<a href="https://example.com/">リンク</a></p>')},
        ),
        ("markdown", "| a | b |\n|---|---|\n| 1 | 2 |"),
        ("image", {"image": images[0].pk, "alt": "図の説明", "caption": ""}),
        # The provider cannot be reached from the tests: saving must still work.
        ("embed", {"url": "https://video.invalid/watch?v=1", "caption": "録画"}),
        ("callout", {"kind": "tip", "title": "", "text": rich_text("<p>ヒント</p>")}),
        ("code", {"language": "python", "filename": "app.py", "code": "print('こんにちは')\n"}),
        ("table", json.dumps(TABLE)),
        (
            "gallery",
            {
                "images": streamfield(
                    [
                        ("item", {"image": image.pk, "alt": f"写真{n}", "caption": ""})
                        for n, image in enumerate(images)
                    ]
                ),
                "caption": "写真の一覧",
            },
        ),
        (
            "balloon",
            {
                "author": author.pk,
                "name": "",
                "avatar": "",
                "side": "left",
                "text": rich_text("<p>こんにちは</p>"),
            },
        ),
        (
            "balloon",
            {
                "author": "",
                "name": "読者",
                "avatar": "",
                "side": "right",
                "text": rich_text("<p>どうも</p>"),
            },
        ),
        (
            "link_card",
            {"page": linked_page.pk, "url": "", "title": "", "description": "", "image": ""},
        ),
        (
            "video",
            {"file": media[0].pk, "poster": images[0].pk, "caption": "波", "transcript": ""},
        ),
        ("audio", {"file": media[1].pk, "caption": "", "transcript": "汽笛が二度鳴る。"}),
        (
            "bullet_list",
            {
                "ordered": "on",
                "start": "3",
                "reversed": "on",
                "items": streamfield([("item", rich_text("<p>三</p>"))]),
            },
        ),
    ]


def media_files():
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    Document = get_document_model()
    return [
        Document.objects.create(title="波", file=ContentFile(b"mp4 data", name="waves.mp4")),
        Document.objects.create(title="汽笛", file=ContentFile(b"ID3", name="whistle.mp3")),
    ]


class EveryBlockThroughTheEditorTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.index = pages.article_index()

    def tearDown(self):
        # Renditions are cached by image id; ids come back after the rollback.
        for cache in caches.all():
            cache.clear()

    def test_author_can_create_an_article_with_every_block(self):
        linked = pages.article("リンク先の記事", lead="リンク先の要約。")
        author = pages.author()
        images = [picture("one.png"), picture("two.png")]
        data = nested_form_data(
            {
                "title": "すべてのブロック",
                "slug": "every-block",
                "lead": "すべてのブロックを使った記事。",
                "tags": "",
                "language": "ja",
                "related_links": inline_formset([]),
                "body": streamfield(every_block(linked, author, images, media_files())),
            }
        )
        self.assertCanCreate(self.index, ArticlePage, data)
        page = ArticlePage.objects.get(slug="every-block")
        types = [block.block_type for block in page.body]
        assert set(types) == set(page.body.stream_block.child_blocks)
        assert page.body[9].value["table_caption"] == "言語の一覧"
        assert '<b>太字</b>と<a href="https://example.com/">' in page.body[3].value["text"].source
        page.save_revision().publish()
        html = self.client.get(page.url).content.decode()
        for fragment in [
            "<code>make run</code>",
            '<code class="language-python">',
            "<caption>言語の一覧</caption>",
            'alt="写真1"',
            '<span class="balloon__name">試験 太郎</span>',
            '<span class="balloon__name">読者</span>',
            "リンク先の要約。",
            '<a href="https://video.invalid/watch?v=1"',
            '<a href="https://example.com/">リンク</a>',
            '<source src="/documents/',
            'type="video/mp4"',
            'type="audio/mpeg"',
            "汽笛が二度鳴る。",
            '<ol class="block-list" start="3" reversed>',
        ]:
            assert fragment in html, fragment

    def test_quotes_stored_as_plain_text_open_in_the_editor(self):
        quote = {"text": "一行目\n二行目 <b>\n\n次の段落", "source": "誰か"}
        page = pages.article(body=[("quote", quote)])
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        html = self.client.get(page.url).content.decode()
        assert "<blockquote><p>一行目<br/>二行目 &lt;b&gt;</p><p>次の段落</p></blockquote>" in html

    def test_the_editor_offers_inline_code_and_every_block(self):
        response = self.client.get(f"/admin/pages/add/articles/articlepage/{self.index.pk}/")
        html = response.content.decode()
        assert response.status_code == 200
        for label in ["コード", "表", "ギャラリー", "吹き出し", "ブログカード"]:
            # Block labels travel in the editor's JSON, so Japanese is \u-escaped there.
            assert json.dumps(label) in html.replace("&quot;", '"'), label
        assert json.dumps("code") in html.replace("&quot;", '"')  # Draftail's inline code
