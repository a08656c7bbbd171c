"""`manage.py import_wordpress`: a WXR export (tests/fixtures/import/blog.wxr.xml, a made-up
blog with block-editor and classic posts) → articles, comments, images and redirects."""

import datetime
import io
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Revision

import pytest
import support_pages as pages
from django_comments_xtd.models import XtdComment
from support_pages import imported_page

from articles.models import ArticlePage, Author
from imports.htmltree import parse_html, plain_text
from imports.models import ImportedComment, ImportedPost
from pages.models import StandardPage

FIXTURES = Path(__file__).parent / "fixtures" / "import"
EXPORT = FIXTURES / "blog.wxr.xml"
UPLOADS = FIXTURES / "uploads"
UTC = datetime.UTC

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offline_imports")]


def run(*args, export=EXPORT, uploads=UPLOADS):
    out, err = io.StringIO(), io.StringIO()
    extra = ["--uploads", str(uploads)] if uploads else []
    # English msgids: the default language (ja) would follow the translators' catalogue.
    with translation.override("en"):
        call_command(
            "import_wordpress", str(export), *extra, *map(str, args), stdout=out, stderr=err
        )
    return out.getvalue(), err.getvalue()


def count(out, label):
    line = next((line for line in out.splitlines() if line.startswith(label + ":")), None)
    return int(line.rsplit(":", 1)[1]) if line else 0


def body_structure(html):
    root = parse_html(html)
    body = next(e for e in root.iter("div") if "article__body" in e.classes)
    return {
        tag: [plain_text(e) for e in body.iter(tag)]
        for tag in ("h2", "h3", "h4", "ul", "ol", "li", "blockquote", "img", "pre", "table")
    }


@pytest.fixture
def imported(index):
    out, err = run()
    return out


# ---------------------------------------------------------------------------- posts and pages


def test_report_counts_what_happened(imported):
    # 5 posts + 1 page + the protected one + the post without any text (a draft)
    assert count(imported, "Articles imported") == 8
    assert count(imported, "Items skipped") == 1  # the trashed post
    assert count(imported, "Items that failed") == 0
    assert count(imported, "Comments imported") == 6
    assert count(imported, "Comments skipped (spam, trash, pingbacks)") == 3
    assert count(imported, "Images uploaded") == 2
    assert count(imported, "Authors created") == 2
    assert "lost-lantern.jpg" in imported  # the missing image is reported
    assert "acme/route-map" in imported  # and the unknown block
    assert "nav_menu_item" in imported


def test_published_post_keeps_slug_date_author_tags_and_excerpt(imported):
    page = imported_page(11)
    assert page.live
    assert page.slug == "紅葉の京都"  # percent-decoded
    assert page.first_published_at == datetime.datetime(2019, 5, 3, 1, 23, 45, tzinfo=UTC)
    assert page.author.name == "山田 花子" and page.author.slug == "hanako"
    assert sorted(page.tags.names()) == ["京都"]
    assert [c.name for c in page.categories.all()] == ["旅"]  # 未分類 is left out
    assert page.lead.startswith("早朝の東福寺から泉涌寺へ。")
    assert page.hero_image is not None and page.hero_image_alt == "赤く色づいた東福寺の紅葉"
    assert page.get_parent().slug == "articles"


def test_block_editor_post_becomes_native_blocks(imported):
    page = imported_page(11)
    assert [block.block_type for block in page.body] == [
        "paragraph", "heading", "paragraph", "image", "heading", "bullet_list", "heading",
        "bullet_list", "quote", "embed", "heading", "code", "table", "paragraph",
    ]  # fmt: skip
    blocks = list(page.body)
    assert "<b>一面の赤</b>" in blocks[2].value.source
    image = blocks[3].value
    assert image["alt"] == "赤く色づいた東福寺の紅葉" and image["caption"] == "通天橋からの眺め"
    assert image["image"].pk == page.hero_image.pk  # the original upload, used once
    assert [item.source for item in blocks[5].value["items"]][1] == "<p>小さな<b>水筒</b></p>"
    assert blocks[7].value["ordered"] is True
    assert blocks[8].value["text"].source == "<p>旅は、帰ってきてからがいちばん長い。</p>"
    assert blocks[8].value["source"] == "旅の達人"
    assert blocks[9].value["caption"] == "境内の様子"
    assert blocks[11].value["language"] == "python"
    assert blocks[11].value["code"].startswith("steps = ")
    assert ["土曜", "12,050"] in blocks[12].value["data"]


def test_classic_post_becomes_native_blocks_and_loses_unsafe_markup(imported):
    page = imported_page(12)
    assert page.title == "喫茶店で書く – クラシックエディタの記事"
    # No excerpt: the first paragraph is the lead and leaves the body.
    assert page.lead == (
        "山から下りたら、駅前の喫茶店に入るのが決まりです。窓際の席で、その日の記録をまとめます。"
    )
    assert [block.block_type for block in page.body] == [
        "heading", "paragraph", "image", "heading", "markdown", "quote", "embed", "embed",
        "heading", "code", "table", "paragraph", "paragraph",
    ]  # fmt: skip
    blocks = list(page.body)
    assert blocks[1].value.source == (
        '<p>深煎りのブレンドと、<b>固めのプリン</b>。<br/><a href="https://kissa.example.jp/">'
        "店のサイト</a>はこちら。</p>"
    )
    assert blocks[2].value["caption"] == "窓際の席で"
    assert blocks[5].value["text"].source == "<p>コーヒーは、考えごとの友だちだ。</p>"
    assert blocks[5].value["source"] == "喫茶店の主人"
    assert [blocks[6].value["url"].url, blocks[7].value["url"].url] == [
        "https://www.youtube.com/watch?v=kissa98765b",
        "https://vimeo.com/123456789",
    ]
    assert blocks[8].value["level"] == "h4"
    assert "[embed]" in blocks[9].value["code"]  # shortcodes inside code stay as written
    last = blocks[-1].value.source
    assert last == "<p>最後の段落に危ないリンクがあります。</p>"
    assert "script" not in str(page.body.raw_data) and "onclick" not in str(page.body.raw_data)


def test_round_trip_the_rendered_page_has_the_source_structure(client, imported):
    response = client.get(imported_page(11).url)
    assert response.status_code == 200
    rendered = body_structure(response.content.decode())
    assert rendered["h2"] == ["東福寺の通天橋", "歩いた記録"]
    assert rendered["h3"] == ["持ち物", "回った順番"]
    assert len(rendered["ul"]) == 1 and len(rendered["ol"]) == 1
    assert rendered["li"] == ["歩きやすい靴", "小さな水筒", "御朱印帳", "東福寺", "泉涌寺"]
    assert rendered["blockquote"] == ["旅は、帰ってきてからがいちばん長い。"]
    assert len(rendered["img"]) == 1 and len(rendered["pre"]) == 1 and len(rendered["table"]) == 1


def test_scheduled_post_waits_for_its_date(imported):
    page = imported_page(13)
    go_live = datetime.datetime(2099, 1, 1, tzinfo=UTC)
    assert not page.live and page.go_live_at == go_live
    assert page.first_published_at is None
    assert page.latest_revision.approved_go_live_at == go_live


@pytest.mark.parametrize("wp_id", [14, 15, 20])  # draft, private, no text
def test_non_public_posts_become_drafts_with_a_revision(imported, wp_id):
    page = imported_page(wp_id)
    assert not page.live and page.first_published_at is None
    assert page.revisions.count() == 1


def test_draft_without_a_slug_gets_one_from_its_title(imported):
    assert imported_page(14).slug == "書きかけ雨の日の過ごし方"


def test_pages_are_imported_as_fixed_pages_and_junk_is_not(imported):
    assert imported_page(16).title == "このブログについて"
    assert isinstance(imported_page(16), StandardPage) and imported_page(16).url == "/about/"
    assert not ImportedPost.objects.filter(wp_id__in=[17, 18, 101]).exists()
    assert ArticlePage.objects.count() == 7


def test_private_posts_get_no_redirects(imported):
    assert not Redirect.objects.filter(old_path__in=["/?p=15", "/?p=14"]).exists()


# ---------------------------------------------------------------------------- comments


def test_comment_threads_are_rebuilt_with_their_real_parents(imported):
    page = imported_page(11)
    comments = list(
        XtdComment.objects.filter(object_pk=str(page.pk)).order_by("thread_id", "order")
    )
    by_wp = {row.wp_id: row.comment_id for row in ImportedComment.objects.all()}
    first, reply, reply_to_reply, fourth, other_reply, pending = (
        XtdComment.objects.get(pk=by_wp[wp_id]) for wp_id in (501, 502, 503, 505, 504, 506)
    )
    assert comments == [first, reply, reply_to_reply, fourth, other_reply, pending]
    assert (first.parent_id, first.level, first.thread_id) == (first.pk, 0, first.pk)
    assert (reply.parent_id, reply.level, reply.thread_id) == (first.pk, 1, first.pk)
    assert (reply_to_reply.parent_id, reply_to_reply.level) == (reply.pk, 2)
    # A reply at the fourth level keeps its real parent.
    assert (fourth.parent_id, fourth.level) == (reply_to_reply.pk, 3)
    assert (other_reply.parent_id, other_reply.level) == (first.pk, 1)
    assert [c.order for c in comments[:5]] == [1, 2, 3, 4, 5]
    assert first.nested_count == 4


def test_comment_fields_and_approval(imported):
    page = imported_page(11)
    first = XtdComment.objects.get(pk=ImportedComment.objects.get(wp_id=501).comment_id)
    assert first.content_type == ContentType.objects.get_for_model(ArticlePage)
    assert first.object_pk == str(page.pk) and first.site == Site.objects.get_current()
    assert (first.user_name, first.user_email, first.user_url) == (
        "鈴木",
        "suzuki@example.com",
        "https://suzuki.example.net/",
    )
    assert first.submit_date == datetime.datetime(2019, 5, 3, 3, 0, tzinfo=UTC)
    assert first.comment == "写真がきれいですね。\n通天橋は混んでいませんでしたか？"
    assert first.ip_address == "192.0.2.10" and first.is_public and not first.is_removed
    html_comment = XtdComment.objects.get(pk=ImportedComment.objects.get(wp_id=502).comment_id)
    assert html_comment.comment == "朝7時台ならほとんど人がいませんでした。"
    pending = XtdComment.objects.get(pk=ImportedComment.objects.get(wp_id=506).comment_id)
    assert not pending.is_public
    assert not ImportedComment.objects.filter(wp_id__in=[507, 508, 509]).exists()


# ---------------------------------------------------------------------------- redirects


@pytest.mark.parametrize(
    "old, wp_id",
    [
        (
            "/2019/05/%e7%b4%85%e8%91%89%e3%81%ae%e4%ba%ac%e9%83%bd/",
            11,
        ),  # WordPress's lower-case escapes
        ("/2019/05/%E7%B4%85%E8%91%89%E3%81%AE%E4%BA%AC%E9%83%BD/", 11),
        ("/?p=11", 11),
        ("/2019/06/kissaten/", 12),
        ("/?p=12", 12),
        ("/?page_id=16", 16),
    ],
)
def test_old_addresses_redirect_through_the_middleware(client, imported, old, wp_id):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == imported_page(wp_id).url


def test_home_page_and_other_queries_are_untouched(client, imported):
    assert client.get("/").status_code == 200
    assert client.get("/?p=99999").status_code == 200
    assert client.get("/?page=2").status_code == 200


def test_a_hand_made_redirect_is_not_overwritten(index):
    other = pages.article(title="別の記事", slug="other")
    Redirect.objects.create(old_path="/?p=12", site=index.get_site(), redirect_page=other)
    out, _err = run()
    assert Redirect.objects.get(old_path="/?p=12").redirect_page_id == other.pk
    assert "/?p=12" in out


# ---------------------------------------------------------------------------- re-runs


def snapshot():
    return {
        "pages": sorted(ArticlePage.objects.values_list("pk", flat=True)),
        "revisions": Revision.objects.count(),
        "comments": XtdComment.objects.count(),
        "images": get_image_model().objects.count(),
        "redirects": Redirect.objects.count(),
        "authors": Author.objects.count(),
    }


def test_running_again_changes_nothing(imported):
    before = snapshot()
    out, _err = run()
    assert snapshot() == before
    assert count(out, "Articles unchanged") == 8
    assert count(out, "Articles imported") == 0
    assert count(out, "Comments already imported") == 6


def test_running_with_a_changed_export_updates_the_same_pages(index, tmp_path):
    run()
    page = imported_page(12)
    revisions = page.revisions.count()
    changed = tmp_path / "changed.xml"
    text = EXPORT.read_text(encoding="utf-8").replace("<h2>いつもの店</h2>", "<h2>新しい店</h2>")
    changed.write_text(text, encoding="utf-8")
    out, _err = run(export=changed)
    assert count(out, "Articles updated") == 1 and count(out, "Articles unchanged") == 7
    page = imported_page(12)
    assert page.revisions.count() == revisions + 1 and page.live
    assert list(page.body)[0].value["text"] == "新しい店"
    assert page.first_published_at == datetime.datetime(2019, 6, 10, 3, 0, tzinfo=UTC)
    assert ArticlePage.objects.count() == 7


def test_a_page_edited_here_is_not_overwritten(index, tmp_path):
    run()
    page = imported_page(12)
    page.title = "サイトで直したタイトル"
    page.save_revision().publish()
    changed = tmp_path / "changed.xml"
    changed.write_text(
        EXPORT.read_text(encoding="utf-8").replace("<h2>いつもの店</h2>", "<h2>新しい店</h2>"),
        encoding="utf-8",
    )
    out, _err = run(export=changed)
    assert "not overwritten" in out
    assert imported_page(12).title == "サイトで直したタイトル"


def test_a_comment_deleted_here_is_not_imported_again(imported):
    XtdComment.objects.get(pk=ImportedComment.objects.get(wp_id=506).comment_id).delete()
    run()
    assert ImportedComment.objects.get(wp_id=506).comment_id is None
    assert XtdComment.objects.count() == 5


# ---------------------------------------------------------------------------- dry run, bad input


def test_dry_run_reports_but_saves_nothing(index, settings):
    existing = pages.article(title="既存の記事", slug="existing")
    before = snapshot()
    out, _err = run("--dry-run")
    assert snapshot() == before
    assert count(out, "Articles imported") == 8 and count(out, "Comments imported") == 6
    assert out.strip().splitlines()[-1] == "Dry run: nothing was saved."
    assert not ImportedPost.objects.exists() and not ImportedComment.objects.exists()
    media = Path(settings.MEDIA_ROOT) / "original_images"
    assert not media.exists() or not any(media.iterdir())  # files written meanwhile are gone
    assert ArticlePage.objects.get().pk == existing.pk


def test_without_uploads_images_are_reported_and_the_rest_imported(index):
    out, _err = run(uploads=None)
    assert count(out, "Articles imported") == 8
    assert "no --uploads folder" in out
    assert get_image_model().objects.count() == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b'<?xml version="1.0"?><rss><channel><item><title>broken', "not valid XML"),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>RSS</title></channel></rss>',
            "not a WordPress export",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss/>',
            "refused",
        ),
    ],
)
def test_bad_files_give_a_clear_error_and_harm_nothing(index, tmp_path, content, message):
    existing = pages.article(title="既存の記事", slug="existing")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(content)
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        run(export=bad)
    assert snapshot() == before
    assert ArticlePage.objects.get().title == existing.title


def test_control_characters_are_removed_with_a_warning(index, tmp_path):
    dirty = tmp_path / "dirty.xml"
    dirty.write_bytes(EXPORT.read_bytes().replace("朝いちばん".encode(), "朝\x0bいちばん".encode()))
    out, _err = run(export=dirty)
    assert "control character" in out
    assert "朝いちばん" in list(imported_page(11).body)[0].value.source


def test_bad_options_are_clear_errors(index, tmp_path):
    with pytest.raises(CommandError, match="uploads folder does not exist"):
        run(uploads=tmp_path / "nope")
    with pytest.raises(CommandError, match="Available: articles"):
        run("--index", "blog")


def test_a_post_that_fails_is_rolled_back_and_the_others_imported(index, monkeypatch):
    from imports import wordpress

    real = wordpress.create_page

    def flaky(parent, page, data, **options):
        if data.title == "紅葉の京都を歩く":
            raise RuntimeError("disk full")
        return real(parent, page, data, **options)

    monkeypatch.setattr(wordpress, "create_page", flaky)
    out, _err = run()
    assert "disk full" in out
    assert count(out, "Articles imported") == 7
    assert count(out, "Items that failed") == 1
    assert not ImportedPost.objects.filter(wp_id=11).exists()
    # Its comments and images went with it; the kissaten post's image is there.
    assert XtdComment.objects.count() == 0
    assert list(get_image_model().objects.values_list("title", flat=True)) == [
        "白いカップのブレンドコーヒー"
    ]


def test_progress_bar_is_drawn_on_stderr(index):
    _out, err = run("--progress")
    assert "[##############################] 9/9" in err


def test_scheduled_date_in_the_past_publishes(index, tmp_path):
    stale = tmp_path / "stale.xml"
    stale.write_text(
        EXPORT.read_text(encoding="utf-8").replace("2099-01-01 00:00:00", "2020-01-01 00:00:00"),
        encoding="utf-8",
    )
    run(export=stale)
    page = imported_page(13)
    assert page.live and page.first_published_at == datetime.datetime(2020, 1, 1, tzinfo=UTC)
    assert page.first_published_at < timezone.now()


def test_markup_nested_too_deeply_is_imported_as_plain_text_with_a_japanese_line(index, tmp_path):
    """20,000 nested tags exceed Python's stack in the converter: the post keeps its words and
    the report says so in the reader's language, with no traceback and no failed post."""
    source = EXPORT.read_text(encoding="utf-8")
    post = source.index("<title><![CDATA[紅葉の京都を歩く]]></title>")
    body = source.index("<content:encoded><![CDATA[", post) + len("<content:encoded><![CDATA[")
    deep = "<div><span>" * 10_000 + "深すぎる入れ子の本文" + "</span></div>" * 10_000
    export = tmp_path / "deep.wxr.xml"
    export.write_text(source[:body] + deep + source[body:], encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with translation.override("ja"):
        call_command("import_wordpress", str(export), stdout=out, stderr=err)
    report = out.getvalue()
    assert "「紅葉の京都を歩く」: HTML の入れ子が深すぎるため変換できませんでした。" in report
    assert "失敗" not in report and "recursion" not in report
    assert "Traceback" not in report + err.getvalue()
    article = ArticlePage.objects.get(title="紅葉の京都を歩く")
    assert "深すぎる入れ子の本文" in str(article.body) + article.lead
