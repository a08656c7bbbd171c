"""`manage.py import_wordpress`: the old addresses that are not posts (date and author archives,
attachment pages) redirect, comments on fixed pages are accounted for in the report, inline
code in headings stays code, and a countdown list nested in another keeps counting down
(fixture archives.xml)."""

from pathlib import Path

from django.contrib.contenttypes.models import ContentType

from wagtail.images import get_image_model

import pytest
from django_comments_xtd.models import XtdComment
from support_pages import imported_page
from test_import_wordpress import UPLOADS, count, run

from articles.models import Author
from pages.models import StandardPage

ARCHIVES = Path(__file__).parent / "fixtures" / "import" / "wxr" / "archives.xml"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offline_imports")]


@pytest.fixture
def imported(index):
    out, _err = run(export=ARCHIVES, uploads=UPLOADS)
    return out


def redirected(client, old):
    response = client.get(old)
    assert response.status_code == 301, old
    return response["Location"]


# ---------------------------------------------------------------------------- archives


@pytest.mark.parametrize(
    "old, month",
    [("/2021/12/31/", "2021/12"), ("/2021/12/", "2021/12"), ("/2022/01/05/", "2022/01"),
     ("/2022/01/", "2022/01")],
)  # fmt: skip
def test_date_archives_redirect_to_the_month_archive(client, imported, index, old, month):
    target = redirected(client, old)
    assert target == f"{index.url}{month}/"
    assert client.get(target).status_code == 200


def test_year_archives_redirect_to_the_article_list(client, imported, index):
    assert redirected(client, "/2021/") == redirected(client, "/2022/") == index.url


def test_a_month_with_only_drafts_is_not_redirected(client, imported):
    assert client.get("/2023/02/").status_code == 404


def test_the_redirected_month_lists_its_posts(client, imported, index):
    html = client.get(redirected(client, "/2022/01/05/")).content.decode()
    assert "逆順の入れ子リスト" in html and "コードの見出し" not in html


@pytest.mark.parametrize("old", ["/author/taro.yamada/", "/author/taro-yamada/"])
def test_author_archives_redirect_to_the_authors_articles(client, imported, index, old):
    author = Author.objects.get(name="山田 太郎")
    target = redirected(client, old)
    assert target == index.author_url(author)
    assert "コードの見出し" in client.get(target).content.decode()


def test_an_author_login_in_capitals_redirects_from_its_nicename_too(client, imported, index):
    assert redirected(client, "/author/hanako/") == redirected(client, "/author/Hanako/")


def test_an_author_of_drafts_only_gets_no_redirect(client, imported):
    assert client.get("/author/ghost/").status_code == 404


# ---------------------------------------------------------------------------- attachments


@pytest.mark.parametrize(
    "old",
    ["/2022/01/05/countdown/kyoto-photo/", "/?attachment_id=320",
     "/?attachment_id=320&utm_source=x", "/archives/302/kyoto-photo/",
     "/2022/01/countdown/kyoto-photo/"],
)  # fmt: skip
def test_an_attachment_page_redirects_to_its_post(client, imported, old):
    assert redirected(client, old) == imported_page(302).url


def test_an_unattached_image_redirects_to_the_image_file(client, imported):
    image = get_image_model().objects.get(file__contains="coffee")
    assert redirected(client, "/?attachment_id=321") == image.file.url
    assert image.file.storage.exists(image.file.name)


def test_an_attachment_of_a_draft_is_not_redirected(client, imported):
    assert client.get("/?attachment_id=322").status_code == 200  # the home page, no redirect


def test_a_second_run_adds_no_redirect(imported):
    from wagtail.contrib.redirects.models import Redirect

    before = Redirect.objects.count()
    out, _err = run(export=ARCHIVES, uploads=UPLOADS)
    assert Redirect.objects.count() == before
    assert count(out, "Redirects from old addresses") == before


# ---------------------------------------------------------------------------- fixed pages


def test_comments_of_a_fixed_page_are_shown_under_it_threaded_and_closed(client, imported):
    profile = imported_page(310)
    assert isinstance(profile, StandardPage)
    stored = XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(StandardPage), object_pk=str(profile.pk)
    )
    assert stored.count() == 2 and stored.filter(level=1).count() == 1
    assert count(imported, "Of these, on fixed pages (shown, closed to new comments)") == 2
    assert "2 comment(s) imported with this fixed page: shown under it" in imported
    html = client.get(profile.url).content.decode()
    first, reply = html.index("はじめまして。"), html.index("返信です。")
    replies = html.index('<ol class="comment-list comment-list--replies">')
    assert first < replies < reply  # the reply inside the first comment's thread
    assert "コメント 2 件" in html and "このページへのコメントの受け付けは終了しました。" in html
    assert 'id="comment-form"' not in html and "返信する" not in html


# ---------------------------------------------------------------------------- markup


def test_inline_code_in_headings_stays_code(client, imported):
    article = imported_page(301)
    texts = [block.value["text"] for block in article.body if block.block_type == "heading"]
    assert texts == [
        "`select_related` と `prefetch_related` の違い",
        "a <b> と `Ctrl`+`C`",
    ]
    html = client.get(article.url).content.decode()
    heading = "<code>select_related</code> と <code>prefetch_related</code> の違い"
    assert html.count(heading) == 2  # the heading and the table of contents
    assert "a &lt;b&gt; と <code>Ctrl</code>+<code>C</code>" in html


def test_a_countdown_nested_in_a_countdown_keeps_counting_down(client, imported):
    article = imported_page(302)
    html = client.get(article.url).content.decode()
    assert html.count('<ol reversed="reversed">') == 2
    assert html.index("第三位") < html.index("次点B") < html.index("第一位")
